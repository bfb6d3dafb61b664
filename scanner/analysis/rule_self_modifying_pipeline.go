package analysis

import (
	"regexp"
	"strings"
)

func ruleSelfModifyingPipeline() rule {
	return rule{
		id: "self-modifying-pipeline", severity: High, facts: []string{factPipelines},
		description: "a job writes pipeline definitions and pushes them",
		check:       checkSelfModifying,
	}
}

var (
	writesPipeline = regexp.MustCompile(`(>|\btee\b|\bcp\b|\bmv\b|sed -i|\bcat\b.*>|\bgit add\b)[^\n]*(\.github/workflows|\.gitlab-ci\.yml|Jenkinsfile)`)
	pushes         = regexp.MustCompile(`\bgit push\b|\bgh pr create\b`)
	pushActions    = map[string]bool{"peter-evans/create-pull-request": true, "stefanzweifel/git-auto-commit-action": true, "EndBug/add-and-commit": true}
)

func checkSelfModifying(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		write, file, push := 0, "", false
		for _, st := range j.ownSteps() {
			if write == 0 && writesPipeline.MatchString(st.Run) {
				write, file = st.Line, j.fileOf(st.File)
			}
			push = push || pushes.MatchString(st.Run) || pushActions[st.Uses]
		}
		if write == 0 || !push {
			continue
		}
		c := forJob("", High, j)
		c.file, c.line = file, write
		c.evidence = file + ":" + itoa(write) + " job `" + j.j.Name + "` writes pipeline definitions and pushes"
		c.title = "Job `" + j.j.Name + "` rewrites pipeline definitions and pushes them"
		c.detail = "A job that can change the pipelines can give any later run (and itself) more secrets and rights; reviews of the pipeline are bypassed."
		c.remediation = "Open a pull request for pipeline changes instead of pushing them, with the token limited to `contents: read` and `pull-requests: write`, " +
			"and require code-owner review on `" + strings.Join(pipelineDirs(j), "`, `") + "`."
		out = append(out, c)
	}
	return out
}

func pipelineDirs(j *jobInfo) []string {
	if j.pipe.p.Kind == "GITLAB_CI" {
		return []string{".gitlab-ci.yml"}
	}
	return []string{".github/workflows/"}
}
