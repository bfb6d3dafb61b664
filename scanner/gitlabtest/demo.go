package gitlabtest

import (
	"bytes"
	"net/http"
	"strings"
)

// DemoGroup is the demo group's full path.
const DemoGroup = "demo"

// Sentinel values planted in the demo's variables. Each is unique and never
// appears anywhere privgraph writes: tests search the database file, logs,
// errors, HTML and JSON for them and expect none.
const (
	sentinelAWSKeyID     = "AKIASENTINEL7Q4VALUE"
	sentinelAWSSecret    = "SENTINEL-8d1f3b-AWS-SECRET-VALUE"
	sentinelKubeconfig   = "apiVersion: v1\nkind: Config\nusers:\n- name: deployer\n  user:\n    token: SENTINEL-2c9e71-KUBE-TOKEN-VALUE\n"
	sentinelDeployPAT    = "glpat-SENTINEL-5a0d44-DEPLOY-VALUE"
	sentinelSlack        = "https://hooks.slack.example/services/SENTINEL-91be02-SLACK-VALUE"
	sentinelRegistry     = "SENTINEL-6f7a13-REGISTRY-SHARED-VALUE"
	sentinelVault        = "SENTINEL-0b38c5-VAULT-ROLE-VALUE"
	sentinelNPM          = "npm_SENTINEL-e4417d-NPM-VALUE"
	sentinelDBPassword   = "SENTINEL-73c2aa-DB-PASSWORD-VALUE"
	sentinelSigningKey   = "SENTINEL-1d5e90-SIGNING-KEY-VALUE"
	sentinelHiddenSecret = "SENTINEL-c0ffee-HIDDEN-VALUE"
	// sentinelRunnersToken is the runner registration token GitLab includes
	// in group and project bodies for their owners and maintainers.
	sentinelRunnersToken = "GR1348941SENTINEL-3e8f0d-RUNNERS-TOKEN"
)

// Sentinels returns every sentinel value the demo fixture plants (and a
// fragment of each, so that a partial leak is caught too).
func Sentinels() []string {
	out := []string{sentinelRunnersToken}
	seen := map[string]bool{}
	for _, v := range DemoFixture().allVariables() {
		vals := []string{v.Value}
		if i := strings.Index(v.Value, "SENTINEL-"); i >= 0 {
			vals = append(vals, v.Value[i:min(len(v.Value), i+16)])
		}
		for _, x := range vals {
			if !seen[x] {
				seen[x] = true
				out = append(out, x)
			}
		}
	}
	return out
}

// CountSentinels returns how many of Sentinels() occur in b: what a leak
// test asserts is zero (it never needs to print the values).
func CountSentinels(b []byte) int {
	n := 0
	for _, s := range Sentinels() {
		if bytes.Contains(b, []byte(s)) {
			n++
		}
	}
	return n
}

// allVariables lists every variable of the fixture, at every level, with
// the hidden ones (whose value the API never returns) too.
func (f *Fixture) allVariables() []Variable {
	out := append([]Variable(nil), f.InstanceVariables...)
	for _, g := range f.Groups {
		out = append(out, g.Variables...)
	}
	for _, p := range f.Projects {
		out = append(out, p.Variables...)
	}
	return out
}

// NewDemoHandler serves the demo group under /api/v4/ to any non-empty
// token; mount it at "/api/v4/" on a mux.
func NewDemoHandler() http.Handler { return NewHandler(DemoFixture()) }

// DemoFixture is the demo group: two subgroups, a project whose deploy
// credentials are unprotected (with an unmasked token-like variable, an
// api-scoped access token without expiry and an unprotected production
// environment), a well-configured project that deploys with OIDC, a
// storefront that stores one value under two variables, and an archived
// project.
func DemoFixture() *Fixture {
	return &Fixture{
		User:        User{ID: 7, Username: "privgraph-scanner"},
		TokenScopes: []string{"read_api"},
		Groups: []Group{
			{
				ID: 100, Path: "demo", Description: "Demo group for privgraph",
				Variables: []Variable{
					{Key: "SLACK_WEBHOOK_URL", Value: sentinelSlack, Masked: true, Description: "release notifications"},
					{Key: "SHARED_REGISTRY_PASSWORD", Value: sentinelRegistry, Protected: true, Masked: true},
				},
				DeployTokens: []DeployToken{{ID: 31, Name: "registry-pull", Username: "gitlab+deploy-token-31",
					Scopes: []string{"read_registry"}, ExpiresAt: "2027-03-01T00:00:00.000Z"}},
				Runners: []int{13},
				Members: []Member{
					{ID: 7, Username: "privgraph-scanner", AccessLevel: 50},
					{ID: 41, Username: "alice", AccessLevel: 50},
					{ID: 43, Username: "service_account_group_100_8b1d2f", AccessLevel: 30},
				},
			},
			{
				ID: 101, Path: "demo/platform",
				Variables: []Variable{
					{Key: "VAULT_ROLE_ID", Value: sentinelVault, Protected: true, Masked: true, Hidden: true},
				},
				AccessTokens: []AccessToken{{ID: 51, Name: "platform-automation", Scopes: []string{"api", "write_repository"},
					AccessLevel: 40, LastUsedAt: "2026-11-18T22:10:00.000Z", CreatedAt: "2024-09-01T08:00:00.000Z", UserID: 42}},
				Runners: []int{11},
				Members: []Member{{ID: 42, Username: "group_101_bot_5f2e9a1c", AccessLevel: 40}},
			},
			{ID: 102, Path: "demo/web"},
		},
		Runners: []Runner{
			{ID: 11, Description: "platform-deployer", Type: "group_type", Tags: []string{"deploy", "k8s"}, RunUntagged: true, Groups: []string{"demo/platform"}},
			{ID: 13, Description: "demo-builders", Type: "group_type", Tags: []string{"docker"}, RunUntagged: true, Groups: []string{"demo"}},
			{ID: 12, Description: "infra-prod", Type: "project_type", Tags: []string{"prod"}, Protected: true, Locked: true, Projects: []string{"demo/platform/infra-live"}},
		},
		Projects: []Project{demoPayments(), demoInfra(), demoStorefront(), demoLegacy()},
	}
}

func demoPayments() Project {
	return Project{
		ID: 1001, Path: "demo/platform/payments-api", Visibility: "internal", DefaultBranch: "main",
		Variables: []Variable{
			{Key: "AWS_ACCESS_KEY_ID", Value: sentinelAWSKeyID},
			{Key: "AWS_SECRET_ACCESS_KEY", Value: sentinelAWSSecret, Masked: true},
			{Key: "KUBE_CONFIG", Value: sentinelKubeconfig, VariableType: "file", EnvironmentScope: "production"},
			{Key: "DEPLOY_TOKEN", Value: sentinelDeployPAT, Description: "pushes release tags"},
			{Key: "DATABASE_PASSWORD", Value: sentinelDBPassword, Masked: true, EnvironmentScope: "staging"},
		},
		AccessTokens: []AccessToken{
			{ID: 61, Name: "ci-deploy", Scopes: []string{"api"}, AccessLevel: 40, LastUsedAt: "2026-11-20T07:45:00.000Z",
				CreatedAt: "2023-05-15T09:00:00.000Z", UserID: 71},
			{ID: 62, Name: "old-release-bot", Scopes: []string{"read_repository"}, AccessLevel: 20, ExpiresAt: "2025-01-31", Revoked: true, UserID: 72},
		},
		DeployKeys:   []DeployKey{{ID: 81, Title: "release-pusher", CanPush: true}},
		Environments: []Environment{{Name: "production", Tier: "production"}, {Name: "staging", Tier: "staging"}},
		ProtectedBranches: []ProtectedBranch{{Name: "main", AllowForcePush: true,
			Push:  []Access{{AccessLevel: 30, Description: "Developers + Maintainers"}},
			Merge: []Access{{AccessLevel: 30, Description: "Developers + Maintainers"}}}},
		Approvals: &Approvals{AuthorApproval: true},
		Files: map[string]string{
			".gitlab-ci.yml":        paymentsCI,
			".gitlab/ci/deploy.yml": paymentsDeployCI,
		},
	}
}

func demoInfra() Project {
	return Project{
		ID: 1002, Path: "demo/platform/infra-live", Visibility: "private", DefaultBranch: "main",
		Variables: []Variable{
			{Key: "TF_STATE_ENCRYPTION_KEY", Value: sentinelHiddenSecret, Protected: true, Masked: true, Hidden: true, EnvironmentScope: "production"},
		},
		Runners:      []int{12},
		Environments: []Environment{{Name: "production", Tier: "production"}, {Name: "staging", Tier: "staging"}},
		ProtectedEnvironments: []ProtectedEnvironment{{Name: "production", RequiredApprovals: 2,
			DeployAccess:  []Access{{AccessLevel: 40, Description: "Maintainers"}},
			ApprovalRules: []Access{{GroupID: 100, Description: "demo/sre", RequiredApprovals: 2}}}},
		ProtectedTags: []ProtectedTag{{Name: "v*", Create: []Access{{AccessLevel: 40, Description: "Maintainers"}}}},
		ProtectedBranches: []ProtectedBranch{{Name: "main", CodeOwnerApprovalRequired: true,
			Push:  []Access{{AccessLevel: 0, Description: "No one"}},
			Merge: []Access{{AccessLevel: 40, Description: "Maintainers"}}}},
		Approvals:         &Approvals{ApprovalsBeforeMerge: 0, ResetApprovalsOnPush: true, DisableCommittersApproval: true},
		ApprovalRules:     []ApprovalRule{{Name: "platform reviewers", ApprovalsRequired: 2, AllProtected: true}},
		JobTokenInbound:   true,
		JobTokenAllowlist: []string{"demo/platform/payments-api"},
		JobTokenGroups:    []string{"demo/platform"},
		Files: map[string]string{
			".gitlab-ci.yml":     infraCI,
			".gitlab/CODEOWNERS": "[Pipelines]\n/.gitlab-ci.yml @demo/sre\n/.gitlab/ @demo/sre\n\n[Terraform]\n*.tf @demo/platform-team\n",
		},
	}
}

func demoStorefront() Project {
	return Project{
		ID: 1003, Path: "demo/web/storefront", Visibility: "public", DefaultBranch: "main",
		Variables: []Variable{
			{Key: "REGISTRY_PASSWORD", Value: sentinelRegistry, Masked: true},
			{Key: "NPM_TOKEN", Value: sentinelNPM, Masked: true, Protected: true},
			{Key: "SIGNING_KEY", Value: sentinelSigningKey, VariableType: "file", Protected: true, Raw: true},
		},
		DeployTokens: []DeployToken{{ID: 32, Name: "image-push", Username: "gitlab+deploy-token-32", Scopes: []string{"read_registry", "write_registry"}}},
		Environments: []Environment{{Name: "staging", Tier: "staging"}, {Name: "review/main", Tier: "development"}},
		ProtectedBranches: []ProtectedBranch{{Name: "main",
			Push:  []Access{{AccessLevel: 40, Description: "Maintainers"}},
			Merge: []Access{{AccessLevel: 30, Description: "Developers + Maintainers"}}}},
		Approvals: &Approvals{ApprovalsBeforeMerge: 1},
		Files: map[string]string{
			".gitlab-ci.yml":  storefrontCI,
			"docs/CODEOWNERS": "* @demo/web-team\n",
		},
	}
}

func demoLegacy() Project {
	return Project{ID: 1004, Path: "demo/web/legacy-site", Visibility: "private", DefaultBranch: "master", Archived: true,
		Files: map[string]string{}}
}

const paymentsCI = `stages:
  - build
  - test
  - deploy

include:
  - local: .gitlab/ci/deploy.yml

variables:
  GO_VERSION: "1.23"

build:
  stage: build
  image: golang:${GO_VERSION}
  script:
    - go build ./...

unit-tests:
  stage: test
  image: golang:${GO_VERSION}
  script:
    - go test ./...

lint:
  stage: test
  image: golangci/golangci-lint:v1.61
  script:
    - golangci-lint run
`

const paymentsDeployCI = `deploy-staging:
  stage: deploy
  image: amazon/aws-cli:2.17.0
  environment:
    name: staging
  script:
    - aws configure set aws_access_key_id "$AWS_ACCESS_KEY_ID"
    - aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY"
    - ./scripts/migrate.sh "$DATABASE_PASSWORD"
  rules:
    - if: $CI_COMMIT_BRANCH

deploy-production:
  stage: deploy
  image: bitnami/kubectl:1.31
  environment:
    name: production
  script:
    - export KUBECONFIG="$KUBE_CONFIG"
    - kubectl apply -f k8s/
    - curl -X POST -d "released" "$SLACK_WEBHOOK_URL"
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH

tag-release:
  stage: deploy
  script:
    - git push "https://oauth2:${DEPLOY_TOKEN}@gitlab.example.com/demo/platform/payments-api.git" --tags
  rules:
    - if: $CI_COMMIT_TAG
`

const infraCI = `stages:
  - build
  - test
  - deploy

plan:
  stage: build
  image: hashicorp/terraform:1.9
  script:
    - terraform init
    - terraform plan -out plan.tfplan
  artifacts:
    paths:
      - plan.tfplan

validate:
  stage: test
  image: hashicorp/terraform:1.9
  script:
    - terraform validate

apply-production:
  stage: deploy
  image: hashicorp/terraform:1.9
  tags:
    - prod
  id_tokens:
    AWS_ID_TOKEN:
      aud: https://sts.amazonaws.com
  environment:
    name: production
  script:
    - terraform apply plan.tfplan
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_COMMIT_REF_PROTECTED == "true"
      when: manual
`

const storefrontCI = `stages:
  - build
  - test
  - deploy

build-image:
  stage: build
  image: docker:27
  services:
    - docker:27-dind
  script:
    - echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.com
    - docker build -t registry.example.com/demo/storefront:$CI_COMMIT_SHA .
    - docker push registry.example.com/demo/storefront:$CI_COMMIT_SHA

test:
  stage: test
  image: node:22
  script:
    - npm ci
    - npm test

publish-package:
  stage: deploy
  image: node:22
  script:
    - echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc
    - npm publish
  rules:
    - if: $CI_COMMIT_TAG

deploy-staging:
  stage: deploy
  image: alpine:3.20
  environment:
    name: staging
  script:
    - ./deploy.sh staging
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`
