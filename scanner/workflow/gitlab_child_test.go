package workflow

import (
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const glParent = `stages: [build, deploy]
build:
  stage: build
  script: [make]
deploy-children:
  stage: deploy
  variables:
    FROM_PARENT: "1"
  trigger:
    include:
      - local: ci/deploy.yml
      - project: group/pipelines
        ref: main
        file: /child.yml
    strategy: depend
dynamic:
  trigger:
    include:
      - artifact: generated.yml
        job: build
self:
  trigger:
    include: .gitlab-ci.yml
missing:
  trigger:
    include: ci/missing.yml
loop:
  trigger:
    include: ci/a.yml
`

const glChildDeploy = `variables:
  CHILD_URL: $CHILD_ENDPOINT
deploy-prod:
  stage: deploy
  environment: production
  script:
    - helm upgrade app ./chart --set token=$PROD_DEPLOY_TOKEN --set p=$FROM_PARENT
`

// TestGitLabChildPipelines checks trigger: include: local child pipelines:
// their jobs are attached to the trigger job (Calls, CalledJobs, references
// with the child's file:line, steps), and a self-trigger, a cycle, a
// missing file, a generated child and a child of another project are
// recorded as not read, with the reason.
func TestGitLabChildPipelines(t *testing.T) {
	files := map[string]string{
		"ci/deploy.yml": glChildDeploy,
		"ci/a.yml":      "a:\n  trigger:\n    include: ci/b.yml\n",
		"ci/b.yml":      "b:\n  script: [echo $B_SECRET]\n  trigger:\n    include: /ci/a.yml\n",
	}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
	p := ParseGitLab(".gitlab-ci.yml", []byte(glParent), read)
	if len(p.Errors) > 0 {
		t.Fatalf("errors: %v", p.Errors)
	}
	jobs := map[string]Job{}
	for _, j := range p.Jobs {
		jobs[j.Key] = j
	}

	dc := jobs["deploy-children"]
	if want := []CalledJob{{File: "ci/deploy.yml", Key: "deploy-prod", Stage: string(StageDeploy)}}; !slices.Equal(dc.Detail.CalledJobs, want) {
		t.Errorf("deploy-children called jobs = %+v, want %+v", dc.Detail.CalledJobs, want)
	}
	refs := map[string]Reference{}
	for _, r := range dc.References {
		refs[r.Name] = r
	}
	if r := refs["PROD_DEPLOY_TOKEN"]; r.File != "ci/deploy.yml" || r.Line != 7 || r.Via != ViaScript {
		t.Errorf("PROD_DEPLOY_TOKEN reference = %+v, want ci/deploy.yml:7 via SCRIPT", r)
	}
	if r := refs["CHILD_ENDPOINT"]; r.File != "ci/deploy.yml" || r.Line != 2 {
		t.Errorf("CHILD_ENDPOINT reference = %+v, want ci/deploy.yml:2", r)
	}
	if _, ok := refs["FROM_PARENT"]; ok {
		t.Errorf("FROM_PARENT is forwarded by the trigger job, but is reported as a reference")
	}
	if _, ok := refs["CHILD_URL"]; ok {
		t.Errorf("CHILD_URL is defined by the child pipeline, but is reported as a reference")
	}
	if dc.Environment != "production" || dc.Stage != StageDeploy {
		t.Errorf("deploy-children environment %q stage %s, want production DEPLOY", dc.Environment, dc.Stage)
	}
	if len(dc.Detail.Steps) == 0 || dc.Detail.Steps[len(dc.Detail.Steps)-1].File != "ci/deploy.yml" {
		t.Errorf("deploy-children steps = %+v, want the child's steps with their file", dc.Detail.Steps)
	}
	if !hasPrefix(dc.UnknownSteps, "triggers child pipeline group/pipelines:/child.yml@main: from outside the repository") {
		t.Errorf("deploy-children unknown steps = %q, want the project child named", dc.UnknownSteps)
	}

	for key, want := range map[string]string{
		"dynamic": "triggers a child pipeline generated at run time (artifact generated.yml of job build)",
		"self":    "triggers child pipeline .gitlab-ci.yml: not resolved (it is this pipeline",
		"missing": "triggers child pipeline ci/missing.yml: not resolved (the file could not be read)",
		"loop":    "triggers child pipeline /ci/a.yml: not resolved (it is this pipeline",
	} {
		if !hasPrefix(jobs[key].UnknownSteps, want) {
			t.Errorf("%s unknown steps = %q, want one starting %q", key, jobs[key].UnknownSteps, want)
		}
	}
	// loop -> a -> b (-> a: a cycle, not read again): b's reference is
	// attached through a.
	if !slices.ContainsFunc(jobs["loop"].References, func(r Reference) bool { return r.Name == "B_SECRET" && r.File == "ci/b.yml" && r.Line == 2 }) {
		t.Errorf("loop references = %+v, want B_SECRET at ci/b.yml:2", jobs["loop"].References)
	}

	unresolved := map[string]bool{}
	for _, inc := range p.Includes {
		unresolved[inc.Ref] = inc.Unresolved
	}
	for ref, want := range map[string]bool{"ci/deploy.yml": false, ".gitlab-ci.yml": true, "ci/missing.yml": true, "ci/a.yml": false, "group/pipelines:/child.yml@main": false} {
		if got, ok := unresolved[ref]; !ok || got != want {
			t.Errorf("include %s: recorded %v, unresolved %v; want recorded, unresolved %v (includes %+v)", ref, ok, got, want, p.Includes)
		}
	}
}

// TestGitLabChildPipelineBounds checks that child pipelines share the
// bounds of one Parse: a chain deeper than maxIncludeDepth stops with a
// reason and without error.
func TestGitLabChildPipelineBounds(t *testing.T) {
	read := func(p string) ([]byte, error) {
		var n int
		if _, err := fmtSscanf(p, &n); err != nil {
			return nil, fs.ErrNotExist
		}
		return []byte("j" + strconv.Itoa(n) + ":\n  trigger:\n    include: c" + itoa(n+1) + ".yml\n"), nil
	}
	p := ParseGitLab(".gitlab-ci.yml", []byte("top:\n  trigger:\n    include: c0.yml\n"), read)
	if len(p.Jobs) != 1 {
		t.Fatalf("jobs = %d, want 1", len(p.Jobs))
	}
	if !hasPrefix(p.Jobs[0].UnknownSteps, "triggers child pipeline c") || !slices.ContainsFunc(p.Jobs[0].UnknownSteps, func(s string) bool { return strings.Contains(s, "nested too deep") }) {
		t.Errorf("unknown steps = %q, want the nesting bound named", p.Jobs[0].UnknownSteps)
	}
}

func hasPrefix(list []string, prefix string) bool {
	return slices.ContainsFunc(list, func(s string) bool { return strings.HasPrefix(s, prefix) })
}

func fmtSscanf(p string, n *int) (int, error) { return fmt.Sscanf(p, "c%d.yml", n) }
