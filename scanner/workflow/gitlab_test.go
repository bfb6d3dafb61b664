package workflow

import (
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const glMain = `stages: [build, test, deploy]
include:
  - local: /ci/templates.yml
  - project: group/ci
    ref: 0123456789abcdef0123456789abcdef01234567
    file: /t.yml
  - template: Security/SAST.gitlab-ci.yml
  - remote: https://example.com/ci.yml
  - component: $CI_SERVER_FQDN/g/c/comp@1.0
default:
  image: $CI_REGISTRY/tools:latest
  tags: [shared]
variables:
  GLOBAL_URL: https://example.com
.base: &base
  before_script:
    - echo "$BASE_TOKEN"
build:
  <<: *base
  stage: build
  script:
    - docker login -u "$REGISTRY_USER" -p "$REGISTRY_PASSWORD" $CI_REGISTRY
    - docker push registry/app
    - export LOCAL=1; echo $LOCAL $GLOBAL_URL $HOME
deploy:
  extends: [.deploy_tpl]
  stage: deploy
  environment:
    name: production
    action: start
  id_tokens:
    VAULT_ID_TOKEN:
      aud: https://vault.example.com
  secrets:
    DB_PASSWORD:
      vault: prod/db/password@secret
  rules:
    - if: $CI_COMMIT_TAG
      when: manual
  script:
    - !reference [.helpers, script]
    - helm upgrade app ./chart --set key=$DEPLOY_KEY
review:
  stage: deploy
  environment: review/$CI_COMMIT_REF_SLUG
  only: [merge_requests]
  script: [./deploy-review.sh]
child:
  trigger:
    include: ci/child.yml
.hidden:
  script: [echo not a job]
`

const glTemplates = `.deploy_tpl:
  extends: .deeper
  tags: [prod-runner]
  variables:
    KUBE_TOKEN_VAR: $KUBE_TOKEN
.deeper:
  image: bitnami/kubectl
.helpers:
  script:
    - echo "helper $HELPER_SECRET"
`

func parseGL(t *testing.T) Pipeline {
	t.Helper()
	files := map[string]string{"ci/templates.yml": glTemplates}
	read := func(p string) ([]byte, error) {
		if s, ok := files[p]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
	p := Parse(".gitlab-ci.yml", []byte(glMain), read)
	if len(p.Errors) > 0 {
		t.Errorf("errors: %v", p.Errors)
	}
	return p
}

func TestGitLabJobs(t *testing.T) {
	p := parseGL(t)
	type row struct {
		Key, Env, Action, GLStage string
		Stage                     Stage
		Manual, Protected, OIDC   bool
		Tags                      []string
		Calls                     string
	}
	var got []row
	for _, j := range p.Jobs {
		got = append(got, row{j.Key, j.Environment, j.Detail.EnvironmentAction, j.Detail.GitLabStage, j.Stage, j.Manual, j.ProtectedRefsOnly, j.OIDC, j.RunsOn, j.Calls})
	}
	want := []row{
		{Key: "build", GLStage: "build", Stage: StageBuild, Tags: []string{"shared"}},
		{Key: "deploy", Env: "production", Action: "start", GLStage: "deploy", Stage: StageDeploy, Manual: true, Protected: true, OIDC: true, Tags: []string{"prod-runner"}},
		{Key: "review", Env: "review/$CI_COMMIT_REF_SLUG", GLStage: "deploy", Stage: StageStage, Tags: []string{"shared"}},
		{Key: "child", GLStage: "test", Stage: StageUnknown, Tags: []string{"shared"}, Calls: "ci/child.yml"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("jobs (-want +got):\n%s", diff)
	}
}

func TestGitLabReferences(t *testing.T) {
	p := parseGL(t)
	want := map[string][]refKey{
		"build": {
			{RefVariable, "BASE_TOKEN", ".gitlab-ci.yml", 17, ViaScript, ""},
			{RefVariable, "REGISTRY_USER", ".gitlab-ci.yml", 22, ViaScript, ""},
			{RefVariable, "REGISTRY_PASSWORD", ".gitlab-ci.yml", 22, ViaScript, ""},
		},
		"deploy": {
			{RefVariable, "KUBE_TOKEN", "ci/templates.yml", 5, ViaVariables, ""},
			{RefVariable, "HELPER_SECRET", "ci/templates.yml", 10, ViaScript, ""},
			{RefVariable, "DEPLOY_KEY", ".gitlab-ci.yml", 42, ViaScript, ""},
			{RefExternalSecret, "DB_PASSWORD", ".gitlab-ci.yml", 35, ViaSecrets, ""},
		},
	}
	for _, j := range p.Jobs {
		if diff := cmp.Diff(want[j.Key], refKeys(j.References)); diff != "" {
			t.Errorf("job %s references (-want +got):\n%s", j.Key, diff)
		}
	}
	// Windows cmd syntax in a script (shell runners on Windows).
	win := Parse(".gitlab-ci.yml", []byte("win:\n  tags: [windows]\n  script: [echo %WIN_SECRET%]\n"), nil)
	if len(win.Jobs) != 1 {
		t.Fatalf("windows job: %d jobs, errors %v", len(win.Jobs), win.Errors)
	}
	if diff := cmp.Diff([]refKey{{RefVariable, "WIN_SECRET", ".gitlab-ci.yml", 3, ViaScript, ""}}, refKeys(win.Jobs[0].References)); diff != "" {
		t.Errorf("%%VAR%% references (-want +got):\n%s", diff)
	}
}

func TestGitLabGlobalVariables(t *testing.T) {
	src := "variables:\n  TOKEN: $GLOBAL_SECRET\njob:\n  variables:\n    OWN: $JOB_SECRET\n  script: [echo]\n"
	p := Parse(".gitlab-ci.yml", []byte(src), nil)
	got := map[string]bool{}
	for _, r := range p.Jobs[0].References {
		got[r.Name] = r.Global
	}
	if diff := cmp.Diff(map[string]bool{"GLOBAL_SECRET": true, "JOB_SECRET": false}, got); diff != "" {
		t.Errorf("Global by name (-want +got):\n%s", diff)
	}
}

func TestGitLabReferenceTag(t *testing.T) {
	src := ".vars:\n  variables:\n    TOKEN: $REF_SECRET\n.env:\n  environment: production\njob:\n  variables: !reference [.vars, variables]\n  environment: !reference [.env, environment]\n  script: [echo]\n"
	p := Parse(".gitlab-ci.yml", []byte(src), nil)
	if len(p.Errors) > 0 || len(p.Jobs) != 1 {
		t.Fatalf("errors %v, jobs %d", p.Errors, len(p.Jobs))
	}
	j := p.Jobs[0]
	if j.Environment != "production" || j.Stage != StageDeploy {
		t.Errorf("environment, stage = %q, %s; want production, DEPLOY", j.Environment, j.Stage)
	}
	if diff := cmp.Diff([]refKey{{RefVariable, "REF_SECRET", ".gitlab-ci.yml", 3, ViaVariables, ""}}, refKeys(j.References)); diff != "" {
		t.Errorf("references (-want +got):\n%s", diff)
	}
}

func TestGitLabDeepMerge(t *testing.T) {
	src := ".deploy:\n  environment:\n    name: production\n  id_tokens:\n    AWS_TOKEN: {aud: sts.amazonaws.com}\n  secrets:\n    A: {vault: a/b@kv}\njob:\n  extends: .deploy\n  environment:\n    action: prepare\n  secrets:\n    B: {vault: c/d@kv}\n  script: [echo]\n"
	p := Parse(".gitlab-ci.yml", []byte(src), nil)
	j := p.Jobs[0]
	if j.Environment != "production" || j.Detail.EnvironmentAction != "prepare" || !j.OIDC {
		t.Errorf("environment %q action %q oidc %v, want production prepare true", j.Environment, j.Detail.EnvironmentAction, j.OIDC)
	}
	want := []refKey{{RefExternalSecret, "A", ".gitlab-ci.yml", 7, ViaSecrets, ""}, {RefExternalSecret, "B", ".gitlab-ci.yml", 13, ViaSecrets, ""}}
	if diff := cmp.Diff(want, refKeys(j.References)); diff != "" {
		t.Errorf("references (-want +got):\n%s", diff)
	}
}

func TestGitLabIncludes(t *testing.T) {
	p := parseGL(t)
	want := []Include{
		{Ref: "/ci/templates.yml", Local: true, Line: 3, Kind: "local", File: ".gitlab-ci.yml"},
		{Ref: "group/ci:/t.yml@0123456789abcdef0123456789abcdef01234567", Pinned: true, Line: 4, Kind: "project", File: ".gitlab-ci.yml"},
		{Ref: "Security/SAST.gitlab-ci.yml", Line: 7, Kind: "template", File: ".gitlab-ci.yml"},
		{Ref: "https://example.com/ci.yml", Line: 8, Kind: "remote", File: ".gitlab-ci.yml"},
		{Ref: "$CI_SERVER_FQDN/g/c/comp@1.0", Line: 9, Kind: "component", File: ".gitlab-ci.yml"},
		// The child pipeline of job child (trigger: include:), which the
		// test's files do not hold.
		{Ref: "ci/child.yml", Local: true, Line: 50, Kind: "local", File: ".gitlab-ci.yml", Unresolved: true},
	}
	if diff := cmp.Diff(want, p.Includes); diff != "" {
		t.Errorf("Includes (-want +got):\n%s", diff)
	}
	noRead := Parse(".gitlab-ci.yml", []byte(glMain), nil)
	if !noRead.Includes[0].Unresolved {
		t.Errorf("include: local without ReadFile: Unresolved = false, want true")
	}
	for _, e := range noRead.Errors {
		t.Errorf("without ReadFile: unexpected error %v", e)
	}
}

func TestIsPredefinedGitLabVariable(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"CI_JOB_TOKEN", true},
		{"CI_COMMIT_REF_PROTECTED", true},
		{"GITLAB_USER_LOGIN", true},
		{"CHAT_CHANNEL", true},
		{"CI", true},
		{"TRIGGER_PAYLOAD", true},
		{"GITLAB_TOKEN", false},
		{"GITLAB_TOKEN_RELEASE", false},
		{"GITLAB_DEPENDENCY_PROXY", true}, // a registry prefix, not a secret
		{"GITLAB_ASSETS_TAG", true},
		{"GITLAB_DEPLOY_PASSWORD", false},
		{"DEPLOY_KEY", false},
		{"AWS_SECRET_ACCESS_KEY", false},
	}
	for _, tc := range tests {
		if got := IsPredefinedGitLabVariable(tc.name); got != tc.want {
			t.Errorf("IsPredefinedGitLabVariable(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestGitLabSpecHeader(t *testing.T) {
	src := "spec:\n  inputs:\n    env:\n      default: prod\n---\nrelease:\n  stage: release\n  script:\n    - echo $[[ inputs.env ]] $RELEASE_TOKEN\n"
	p := Parse(".gitlab-ci.yml", []byte(src), nil)
	if len(p.Jobs) != 1 || p.Jobs[0].Key != "release" || p.Jobs[0].Stage != StageDeploy {
		t.Fatalf("jobs = %+v, want one DEPLOY job release", p.Jobs)
	}
	if diff := cmp.Diff([]refKey{{RefVariable, "RELEASE_TOKEN", ".gitlab-ci.yml", 9, ViaScript, ""}}, refKeys(p.Jobs[0].References)); diff != "" {
		t.Errorf("references (-want +got):\n%s", diff)
	}
}

func TestGitLabStageEvidence(t *testing.T) {
	tests := []struct {
		name string
		job  string
		want Stage
	}{
		{"deployment tier", "  environment:\n    name: eu-1\n    deployment_tier: production\n  script: [./run.sh]\n", StageDeploy},
		{"explicit stage", "  stage: build\n  script: [./run.sh]\n", StageBuild},
		{"implicit stage is no evidence", "  script: [./run.sh]\n", StageUnknown},
		{"script beats stage", "  stage: test\n  script: [helm upgrade app ./chart]\n", StageDeploy},
		{"dynamic environment", "  environment: review/$CI_COMMIT_REF_SLUG\n  script: [./run.sh]\n", StageStage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := Parse(".gitlab-ci.yml", []byte("job:\n"+tc.job), nil)
			if len(p.Jobs) != 1 || p.Jobs[0].Stage != tc.want {
				t.Fatalf("Classify = %+v, want %s", p.Jobs, tc.want)
			}
		})
	}
}
