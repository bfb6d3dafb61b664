package analysis

import "github.com/privgraph/privgraph/scanner/workflow"

// stepOf is one parsed step of a job.
type stepOf = workflow.Step

// ownSteps are the job's steps written in its own pipeline. The parser also
// copies the steps of a called local reusable workflow into the calling job;
// that workflow is a pipeline of its own and its steps are judged there.
// GitLab includes are part of the pipeline, so all their steps count.
func (j *jobInfo) ownSteps() []stepOf {
	if j.pipe.p.Kind == "GITLAB_CI" {
		return j.detail.Steps
	}
	out := make([]stepOf, 0, len(j.detail.Steps))
	for _, st := range j.detail.Steps {
		if st.File == "" || st.File == j.pipe.p.Path {
			out = append(out, st)
		}
	}
	return out
}

// fileOf returns the file a step or injection is written in.
func (j *jobInfo) fileOf(file string) string {
	if file != "" {
		return file
	}
	return j.file()
}
