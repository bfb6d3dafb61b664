package analysis

import (
	"strings"

	"github.com/privgraph/privgraph/scanner/workflow"
)

// linkCalls resolves each job's reusable workflow call to a pipeline of the
// snapshot (local `./.github/workflows/x.yml` or `owner/repo/path@ref`), so
// that the callee's jobs inherit the caller's triggers and secrets.
func (s *snapshot) linkCalls() {
	for _, j := range s.jobs {
		callee := s.resolveCall(j)
		if callee == nil || callee == j.pipe {
			continue
		}
		j.callee = callee
		for _, cj := range callee.jobs {
			cj.callers = append(cj.callers, j)
		}
	}
}

func (s *snapshot) resolveCall(j *jobInfo) *pipeInfo {
	ref := j.j.Calls
	if ref == "" || j.pipe.p.Kind != "GITHUB_ACTIONS" {
		return nil
	}
	if i := strings.LastIndex(ref, "@"); i > 0 {
		ref = ref[:i]
	}
	if local, ok := workflow.LocalUses(ref); ok {
		return j.repo.pipelineAt(local)
	}
	parts := strings.SplitN(ref, "/", 3)
	if len(parts) != 3 {
		return nil
	}
	r := s.repoByKey[parts[0]+"/"+parts[1]]
	if r == nil {
		return nil
	}
	return r.pipelineAt(parts[2])
}

func (r *repoInfo) pipelineAt(path string) *pipeInfo {
	for _, p := range r.pipelines {
		if p.p.Path == path {
			return p
		}
	}
	return nil
}
