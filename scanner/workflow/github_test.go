package workflow

import (
	"errors"
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const wf = ".github/workflows/w.yml"

// parseGH parses a workflow given as text, with other files of the
// repository in files (nil: no ReadFile).
func parseGH(t *testing.T, src string, files map[string]string) Pipeline {
	t.Helper()
	var read ReadFile
	if files != nil {
		read = func(p string) ([]byte, error) {
			if s, ok := files[p]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		}
	}
	p := Parse(wf, []byte(src), read)
	for _, e := range p.Errors {
		t.Logf("parse error: %v", e)
	}
	return p
}

func jobByKey(t *testing.T, p Pipeline, key string) Job {
	t.Helper()
	for _, j := range p.Jobs {
		if j.Key == key {
			return j
		}
	}
	t.Fatalf("no job %q in %v", key, p.Jobs)
	return Job{}
}

func TestTriggers(t *testing.T) {
	tests := []struct {
		name      string
		on        string
		triggers  []string
		untrusted []string
		reusable  bool
	}{
		{"string", "on: push", []string{"push"}, nil, false},
		{"list", "on: [push, pull_request_target]", []string{"push", "pull_request_target"}, []string{"pull_request_target"}, false},
		{"map with filters", "on:\n  workflow_run:\n    workflows: [ci]\n    types: [completed]\n  issue_comment:\n    types: [created]\n", []string{"workflow_run", "issue_comment"}, []string{"workflow_run", "issue_comment"}, false},
		{"reusable", "on:\n  workflow_call:\n    secrets:\n      TOKEN:\n        required: true\n", []string{"workflow_call"}, nil, true},
		{"review", "on: pull_request_review", []string{"pull_request_review"}, []string{"pull_request_review"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := parseGH(t, tc.on+"\njobs:\n  a:\n    runs-on: x\n    steps: [run: echo]\n", nil)
			if diff := cmp.Diff(tc.triggers, p.Triggers); diff != "" {
				t.Errorf("Triggers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.untrusted, p.UntrustedTriggers); diff != "" {
				t.Errorf("UntrustedTriggers (-want +got):\n%s", diff)
			}
			if p.Reusable != tc.reusable {
				t.Errorf("Reusable = %v, want %v", p.Reusable, tc.reusable)
			}
		})
	}
}

func TestPermissions(t *testing.T) {
	tests := []struct {
		name      string
		workflow  string // top-level permissions block, "" for none
		job       string // job-level block
		effective map[string]string
		source    string
		oidc      bool
	}{
		{"unset", "", "", nil, PermissionsUnknown, false},
		{"workflow read-all", "permissions: read-all\n", "", allScopesFiltered("read"), PermissionsFromWorkflow, false},
		{"workflow write-all", "permissions: write-all\n", "", allScopes("write"), PermissionsFromWorkflow, true},
		{"workflow empty", "permissions: {}\n", "", map[string]string{}, PermissionsFromWorkflow, false},
		{"workflow map", "permissions:\n  contents: read\n  issues: none\n", "", map[string]string{"contents": "read"}, PermissionsFromWorkflow, false},
		{"job overrides", "permissions: write-all\n", "    permissions:\n      id-token: write\n      contents: read\n", map[string]string{"id-token": "write", "contents": "read"}, PermissionsFromJob, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := "on: push\n" + tc.workflow + "jobs:\n  a:\n    runs-on: x\n" + tc.job + "    steps: [run: echo]\n"
			j := jobByKey(t, parseGH(t, src, nil), "a")
			if diff := cmp.Diff(tc.effective, j.Effective); diff != "" {
				t.Errorf("Effective (-want +got):\n%s", diff)
			}
			if j.PermissionsSource != tc.source || j.OIDC != tc.oidc {
				t.Errorf("source, oidc = %q, %v, want %q, %v", j.PermissionsSource, j.OIDC, tc.source, tc.oidc)
			}
		})
	}
}

func allScopesFiltered(level string) map[string]string {
	return effective(&Permissions{Scopes: allScopes(level)})
}

func TestApplyDefaultPermissions(t *testing.T) {
	src := "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [run: echo]\n  b:\n    runs-on: x\n    permissions: {contents: write}\n    steps: [run: echo]\n"
	tests := []struct {
		def    string
		wantA  map[string]string
		source string
	}{
		{"read", map[string]string{"contents": "read", "packages": "read", "metadata": "read", "models": "read"}, PermissionsFromDefault},
		{"write", map[string]string{"actions": "write", "attestations": "write", "checks": "write", "contents": "write", "deployments": "write", "discussions": "write", "issues": "write", "metadata": "read", "models": "read", "packages": "write", "pages": "write", "pull-requests": "write", "repository-projects": "write", "security-events": "write", "statuses": "write"}, PermissionsFromDefault},
		{"", nil, PermissionsUnknown},
	}
	for _, tc := range tests {
		t.Run("default "+tc.def, func(t *testing.T) {
			p := parseGH(t, src, nil)
			ApplyDefaultPermissions(&p, tc.def)
			a, b := jobByKey(t, p, "a"), jobByKey(t, p, "b")
			if diff := cmp.Diff(tc.wantA, a.Effective); diff != "" || a.PermissionsSource != tc.source {
				t.Errorf("job a: source %q (want %q), Effective (-want +got):\n%s", a.PermissionsSource, tc.source, diff)
			}
			if diff := cmp.Diff(map[string]string{"contents": "write"}, b.Effective); diff != "" || b.PermissionsSource != PermissionsFromJob {
				t.Errorf("job b changed: source %q, (-want +got):\n%s", b.PermissionsSource, diff)
			}
		})
	}
}

func TestReferences(t *testing.T) {
	head := "on: push\nenv:\n  WF_TOKEN: ${{ secrets.Workflow_Token }}\njobs:\n  a:\n    runs-on: x\n"
	tests := []struct {
		name  string
		job   string // after runs-on, indented 4
		want  []refKey
		whole bool
	}{
		{"dot and index", "    steps:\n      - run: echo ${{ secrets.MyToken }} ${{ secrets['Other-Key'] }}\n", []refKey{
			{RefSecret, "MyToken", wf, 8, ViaRun, ""}, {RefSecret, "Other-Key", wf, 8, ViaRun, ""}}, false},
		{"inside functions and ||", "    steps:\n      - uses: a/b@v1\n        with:\n          x: ${{ format('{0}', secrets.A) || fromJSON(secrets.B_JSON).k }}\n", []refKey{
			{RefSecret, "A", wf, 10, ViaWith, ""}, {RefSecret, "B_JSON", wf, 10, ViaWith, ""}}, false},
		{"implicit token", "    steps:\n      - run: gh pr list\n        env:\n          GH_TOKEN: ${{ github.token }}\n          T2: ${{ secrets.GITHUB_TOKEN }}\n", []refKey{
			{RefGitHubToken, "GITHUB_TOKEN", wf, 10, ViaEnv, ""}, {RefGitHubToken, "GITHUB_TOKEN", wf, 11, ViaEnv, ""}}, false},
		{"whole context", "    steps:\n      - run: echo '${{ toJSON(secrets) }}'\n", nil, true},
		{"dynamic index", "    steps:\n      - run: echo ${{ secrets[matrix.name] }}\n", nil, true},
		{"env propagation", "    env:\n      DEPLOY: ${{ secrets.DEPLOY_KEY }}\n    steps:\n      - run: |\n          echo start\n          deploy --key \"$DEPLOY\" --wf ${WF_TOKEN}\n      - uses: a/b@v1\n        with:\n          k: ${{ env.DEPLOY }}\n", []refKey{
			{RefSecret, "DEPLOY_KEY", wf, 8, ViaEnv, ""},
			{RefSecret, "DEPLOY_KEY", wf, 12, ViaRun, "DEPLOY"},
			{RefSecret, "Workflow_Token", wf, 12, ViaRun, "WF_TOKEN"},
			{RefSecret, "DEPLOY_KEY", wf, 15, ViaWith, "DEPLOY"},
		}, false},
		{"step env only for its step", "    steps:\n      - run: echo $S\n        env:\n          S: ${{ secrets.STEP }}\n      - run: echo $S\n", []refKey{
			{RefSecret, "STEP", wf, 8, ViaRun, "S"}, {RefSecret, "STEP", wf, 10, ViaEnv, ""}}, false},
		{"container credentials", "    container:\n      image: ghcr.io/o/i\n      credentials:\n        username: u\n        password: ${{ secrets.REGISTRY_PW }}\n    steps: [run: echo]\n", []refKey{
			{RefSecret, "REGISTRY_PW", wf, 11, ViaImage, ""}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := jobByKey(t, parseGH(t, head+tc.job, nil), "a")
			want := append([]refKey{{RefSecret, "Workflow_Token", wf, 3, ViaEnv, ""}}, tc.want...)
			if diff := cmp.Diff(want, refKeys(j.References)); diff != "" {
				t.Errorf("References (-want +got):\n%s", diff)
			}
			if j.SecretsWhole != tc.whole {
				t.Errorf("SecretsWhole = %v, want %v", j.SecretsWhole, tc.whole)
			}
			for i, r := range j.References {
				if r.Global != (i == 0) {
					t.Errorf("reference %d (%s line %d): Global = %v, want %v (only the workflow env)", i, r.Name, r.Line, r.Global, i == 0)
				}
			}
		})
	}
}

func TestJobFacts(t *testing.T) {
	tests := []struct {
		name       string
		job        string
		env        string
		runsOn     []string
		selfHosted bool
	}{
		{"environment string", "    environment: production\n    runs-on: ubuntu-latest\n", "production", []string{"ubuntu-latest"}, false},
		{"environment map", "    environment:\n      name: staging\n      url: https://x\n    runs-on: [self-hosted, linux]\n", "staging", []string{"linux", "self-hosted"}, true},
		{"environment expression", "    environment: ${{ inputs.env }}\n    runs-on:\n      group: gpu\n      labels: [big]\n", "${{ inputs.env }}", []string{"big", "group:gpu"}, true},
		{"matrix runs-on", "    strategy:\n      matrix:\n        os: [ubuntu-latest, self-hosted]\n    runs-on: ${{ matrix.os }}\n", "", []string{"self-hosted", "ubuntu-latest"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := jobByKey(t, parseGH(t, "on: push\njobs:\n  a:\n"+tc.job+"    steps: [run: echo]\n", nil), "a")
			if j.Environment != tc.env || j.SelfHosted != tc.selfHosted {
				t.Errorf("environment, self-hosted = %q, %v, want %q, %v", j.Environment, j.SelfHosted, tc.env, tc.selfHosted)
			}
			if diff := cmp.Diff(tc.runsOn, j.RunsOn); diff != "" {
				t.Errorf("RunsOn (-want +got):\n%s", diff)
			}
		})
	}
}

const callee = `on:
  workflow_call:
    secrets:
      DEPLOY_KEY:
        required: true
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: kubectl apply -f k8s/
        env:
          KEY: ${{ secrets.DEPLOY_KEY }}
          OTHER: ${{ secrets.NOT_PASSED }}
`

func TestReusableWorkflows(t *testing.T) {
	files := map[string]string{".github/workflows/deploy.yml": callee}
	tests := []struct {
		name       string
		job        string
		files      map[string]string
		calls      string
		pinned     bool
		inherit    bool
		refs       []refKey
		include    Include
		stage      Stage
		unresolved bool
	}{
		{"local with inherit", "    uses: ./.github/workflows/deploy.yml\n    secrets: inherit\n", files, "./.github/workflows/deploy.yml", true, true, []refKey{
			{RefSecret, "DEPLOY_KEY", ".github/workflows/deploy.yml", 13, ViaSecretsInherit, ""},
			{RefSecret, "NOT_PASSED", ".github/workflows/deploy.yml", 14, ViaSecretsInherit, ""},
		}, Include{Ref: "./.github/workflows/deploy.yml", Local: true, Line: 4, Kind: "workflow", File: wf}, StageDeploy, false},
		{"local with mapping", "    uses: ./.github/workflows/deploy.yml\n    secrets:\n      DEPLOY_KEY: ${{ secrets.PROD_KEY }}\n", files, "./.github/workflows/deploy.yml", true, false, []refKey{
			{RefSecret, "PROD_KEY", wf, 6, ViaSecrets, ""},
			{RefSecret, "PROD_KEY", ".github/workflows/deploy.yml", 13, ViaSecrets, ""},
		}, Include{Ref: "./.github/workflows/deploy.yml", Local: true, Line: 4, Kind: "workflow", File: wf}, StageDeploy, false},
		// $/ is GitHub's self-repository syntax: the workflow's own
		// repository at the running commit, resolved like ./ here.
		{"self-repository with inherit", "    uses: $/.github/workflows/deploy.yml\n    secrets: inherit\n", files, "$/.github/workflows/deploy.yml", true, true, []refKey{
			{RefSecret, "DEPLOY_KEY", ".github/workflows/deploy.yml", 13, ViaSecretsInherit, ""},
			{RefSecret, "NOT_PASSED", ".github/workflows/deploy.yml", 14, ViaSecretsInherit, ""},
		}, Include{Ref: "$/.github/workflows/deploy.yml", Local: true, Line: 4, Kind: "workflow", File: wf}, StageDeploy, false},
		{"local without ReadFile", "    uses: ./.github/workflows/deploy.yml\n", nil, "./.github/workflows/deploy.yml", false, false, nil,
			Include{Ref: "./.github/workflows/deploy.yml", Local: true, Line: 4, Kind: "workflow", File: wf, Unresolved: true}, StageUnknown, true},
		{"remote by tag", "    uses: org/repo/.github/workflows/x.yml@v1\n    secrets: inherit\n", nil, "org/repo/.github/workflows/x.yml@v1", false, true, nil,
			Include{Ref: "org/repo/.github/workflows/x.yml@v1", Line: 4, Kind: "workflow", File: wf}, StageUnknown, true},
		{"remote by sha", "    uses: org/repo/.github/workflows/x.yml@0123456789abcdef0123456789abcdef01234567\n", nil, "org/repo/.github/workflows/x.yml@0123456789abcdef0123456789abcdef01234567", true, false, nil,
			Include{Ref: "org/repo/.github/workflows/x.yml@0123456789abcdef0123456789abcdef01234567", Pinned: true, Line: 4, Kind: "workflow", File: wf}, StageUnknown, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := parseGH(t, "on: push\njobs:\n  call:\n"+tc.job, tc.files)
			j := jobByKey(t, p, "call")
			if j.Calls != tc.calls || j.CallsPinned != tc.pinned || j.SecretsInherit != tc.inherit || j.Stage != tc.stage {
				t.Errorf("calls, pinned, inherit, stage = %q, %v, %v, %s; want %q, %v, %v, %s", j.Calls, j.CallsPinned, j.SecretsInherit, j.Stage, tc.calls, tc.pinned, tc.inherit, tc.stage)
			}
			if diff := cmp.Diff(tc.refs, refKeys(j.References)); diff != "" {
				t.Errorf("References (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]Include{tc.include}, p.Includes); diff != "" {
				t.Errorf("Includes (-want +got):\n%s", diff)
			}
			if (len(j.UnknownSteps) > 0) != tc.unresolved {
				t.Errorf("UnknownSteps = %v, want some: %v", j.UnknownSteps, tc.unresolved)
			}
		})
	}
}

func TestCallInputs(t *testing.T) {
	p := Parse(".github/workflows/deploy.yml", []byte(callee), nil)
	j := jobByKey(t, p, "deploy")
	var inputs []string
	for _, r := range j.References {
		if r.CallInput {
			inputs = append(inputs, r.Name)
		}
	}
	if diff := cmp.Diff([]string{"DEPLOY_KEY"}, inputs); diff != "" {
		t.Errorf("call inputs (-want +got):\n%s", diff)
	}
}

func TestInjectionsAndCheckout(t *testing.T) {
	src := `on: pull_request_target
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: |
          echo "${{ github.event.pull_request.title }}"
          echo "${{ github.event.issue.number }}"
      - uses: actions/github-script@v7
        with:
          script: console.log("${{ github.head_ref }}")
      - run: echo "$TITLE"
        env:
          TITLE: ${{ github.event.pull_request.title }}
`
	j := jobByKey(t, parseGH(t, src, nil), "a")
	want := []Injection{
		{Line: 10, Expression: "${{ github.event.pull_request.title }}", Context: "github.event.pull_request.title", Sink: "run"},
		{Line: 14, Expression: "${{ github.head_ref }}", Context: "github.head_ref", Sink: "actions/github-script script"},
	}
	if diff := cmp.Diff(want, j.Detail.Injections); diff != "" {
		t.Errorf("Injections (-want +got):\n%s", diff)
	}
	if !j.UntrustedCheckout {
		t.Errorf("UntrustedCheckout = false, want true")
	}
	if diff := cmp.Diff([]string{"pull_request_target"}, j.Detail.UntrustedTriggers); diff != "" {
		t.Errorf("Detail.UntrustedTriggers (-want +got):\n%s", diff)
	}
}

func TestSteps(t *testing.T) {
	src := "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567\n        with:\n          persist-credentials: false\n      - name: Build\n        id: b\n        run: make\n      - uses: ./local/action\n      - uses: docker://alpine:3\n"
	j := jobByKey(t, parseGH(t, src, nil), "a")
	want := []Step{
		{Line: 6, Uses: "actions/checkout", Ref: "0123456789abcdef0123456789abcdef01234567", Pinned: true, With: map[string]string{"persist-credentials": "false"}},
		{Line: 9, Name: "Build", ID: "b", Run: "make"},
		{Line: 12, Uses: "./local/action"},
		{Line: 13, Uses: "docker://alpine:3"},
	}
	if diff := cmp.Diff(want, j.Detail.Steps); diff != "" {
		t.Errorf("Steps (-want +got):\n%s", diff)
	}
}

func TestDetectKind(t *testing.T) {
	tests := []struct {
		path string
		want Kind
	}{
		{".github/workflows/ci.yml", GitHubActions},
		{"repo/.github/workflows/ci.yaml", GitHubActions},
		{".github/workflows/README.md", ""},
		{".gitlab-ci.yml", GitLabCI},
		{"ci/build.gitlab-ci.yml", GitLabCI},
		{"Jenkinsfile", Jenkins},
		{"main.go", ""},
	}
	for _, tc := range tests {
		if got := DetectKind(tc.path); got != tc.want {
			t.Errorf("DetectKind(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
	if p := Parse("main.go", nil, nil); len(p.Errors) != 1 {
		t.Errorf("Parse(main.go) errors = %v, want one", p.Errors)
	}
	var pe ParseError
	if !errors.As(error(ParseError{File: "f", Line: 2, Message: "m"}), &pe) || pe.Error() != "f:2: m" {
		t.Errorf("ParseError.Error() = %q, want f:2: m", pe.Error())
	}
}

func TestWorkflowRunInjection(t *testing.T) {
	src := "on: workflow_run\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ github.event.workflow_run.head_branch }}\n"
	j := jobByKey(t, parseGH(t, src, nil), "a")
	want := []Injection{{Line: 6, Expression: "${{ github.event.workflow_run.head_branch }}", Context: "github.event.workflow_run.head_branch", Sink: "run"}}
	if diff := cmp.Diff(want, j.Detail.Injections); diff != "" {
		t.Errorf("Injections (-want +got):\n%s", diff)
	}
}

func TestInjectionThroughInputs(t *testing.T) {
	files := map[string]string{".github/workflows/r.yml": "on:\n  workflow_call:\n    inputs:\n      title: {type: string}\njobs:\n  r:\n    runs-on: x\n    steps:\n      - run: echo \"${{ inputs.title }}\"\n"}
	src := "on: pull_request_target\njobs:\n  call:\n    uses: ./.github/workflows/r.yml\n    with:\n      title: ${{ github.event.pull_request.title }}\n"
	j := jobByKey(t, parseGH(t, src, files), "call")
	want := []Injection{{File: ".github/workflows/r.yml", Line: 9, Expression: "${{ inputs.title }}", Context: "github.event.pull_request.title", Sink: "run (as inputs.title)"}}
	if diff := cmp.Diff(want, j.Detail.Injections); diff != "" {
		t.Errorf("Injections (-want +got):\n%s", diff)
	}
}

func TestEnvChain(t *testing.T) {
	src := "on: push\nenv:\n  WF: ${{ secrets.WF_SECRET }}\njobs:\n  a:\n    runs-on: x\n    env:\n      JOB: ${{ env.WF }}\n    steps:\n      - run: echo $STEP\n        env:\n          STEP: ${{ env.JOB }}\n"
	j := jobByKey(t, parseGH(t, src, nil), "a")
	// The workflow env exposes it (line 3); the script reads it through
	// STEP <- JOB <- WF (line 10).
	want := []refKey{
		{RefSecret, "WF_SECRET", wf, 3, ViaEnv, ""},
		{RefSecret, "WF_SECRET", wf, 10, ViaRun, "STEP"},
	}
	if diff := cmp.Diff(want, refKeys(j.References)); diff != "" {
		t.Errorf("References (-want +got):\n%s", diff)
	}
}
