package workflow

import (
	"slices"
	"sort"
	"testing"
)

// TestGitLabDefinedVariables checks that variables the configuration
// defines (parallel: matrix:, rules: variables:, variables: in the
// value/options/description form, spec: inputs) are not reported as
// credential references, while undefined ones still are.
func TestGitLabDefinedVariables(t *testing.T) {
	for _, c := range []struct {
		name string
		yml  string
		want []string // referenced variable names, sorted
	}{
		{"parallel matrix", `
build:
  variables:
    MESON_OPTIONS: "-Dsession-managers=$SESSION_MANAGERS"
  parallel:
    matrix:
      - SESSION_MANAGERS: ["[]", "wireplumber"]
        ARCH: [amd64, arm64]
      - PROVIDER: aws
  script:
    - build --arch $ARCH --provider $PROVIDER "$REGISTRY_TOKEN"
`, []string{"REGISTRY_TOKEN"}},
		{"matrix in a template", `
.tpl:
  parallel:
    matrix:
      - TARGET: [a, b]
job:
  extends: .tpl
  script: [make $TARGET]
`, nil},
		{"job rules variables", `
deploy:
  rules:
    - if: $CI_COMMIT_TAG
      variables:
        DEPLOY_ENV: production
    - when: never
  script:
    - deploy --env $DEPLOY_ENV --token $DEPLOY_TOKEN
`, []string{"DEPLOY_TOKEN"}},
		{"workflow rules variables", `
workflow:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      variables:
        PIPELINE_TYPE: default
    - if: $CI_MERGE_REQUEST_IID
job:
  script: [echo $PIPELINE_TYPE $API_KEY]
`, []string{"API_KEY"}},
		{"variables with value, options and description", `
variables:
  DEPLOY_TARGET:
    value: staging
    options: [staging, production]
    description: Where to deploy.
  DOC_ONLY:
    description: Set by hand when running a pipeline.
  FROM_SECRET:
    value: $UPSTREAM_SECRET
    description: copied
job:
  script: [deploy $DEPLOY_TARGET $DOC_ONLY $FROM_SECRET]
`, []string{"UPSTREAM_SECRET"}},
		{"spec inputs", `spec:
  inputs:
    stage:
      default: test
    image_tag:
      default: latest
---
job:
  stage: $[[ inputs.stage ]]
  image: registry.example.com/app:$[[ inputs.image_tag ]]
  script:
    - echo "$[[ inputs.stage ]]" $REAL_SECRET
`, []string{"REAL_SECRET"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := ParseGitLab(".gitlab-ci.yml", []byte(c.yml), nil)
			if len(p.Errors) > 0 {
				t.Fatalf("parse errors: %v", p.Errors)
			}
			var got []string
			for _, j := range p.Jobs {
				for _, r := range j.References {
					if r.Kind == RefVariable && !slices.Contains(got, r.Name) {
						got = append(got, r.Name)
					}
				}
			}
			sort.Strings(got)
			if !slices.Equal(got, c.want) {
				t.Errorf("referenced variables = %v, want %v", got, c.want)
			}
		})
	}
}

// TestGitLabJobTokenUses checks that $CI_JOB_TOKEN is recorded as a use of
// the implicit job token (Detail.JobTokenUses, with file:line), never as a
// credential reference.
func TestGitLabJobTokenUses(t *testing.T) {
	yml := `publish:
  variables:
    TOKEN_HEADER: "JOB-TOKEN: $CI_JOB_TOKEN"
  script:
    - echo build
    - 'curl --header "JOB-TOKEN: ${CI_JOB_TOKEN}" --upload-file pkg.tgz "$CI_API_V4_URL/projects/1/packages/generic/p/1/pkg.tgz"'
`
	p := ParseGitLab(".gitlab-ci.yml", []byte(yml), nil)
	if len(p.Jobs) != 1 {
		t.Fatalf("jobs %d, errors %v", len(p.Jobs), p.Errors)
	}
	j := p.Jobs[0]
	for _, r := range j.References {
		t.Errorf("unexpected reference %+v", r)
	}
	want := []TokenUse{
		{File: ".gitlab-ci.yml", Line: 3, Expression: "$CI_JOB_TOKEN", Via: string(ViaVariables)},
		{File: ".gitlab-ci.yml", Line: 6, Expression: "${CI_JOB_TOKEN}", Via: string(ViaScript)},
	}
	if !slices.Equal(j.Detail.JobTokenUses, want) {
		t.Errorf("job token uses = %+v, want %+v", j.Detail.JobTokenUses, want)
	}
}
