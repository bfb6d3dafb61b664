package gitlabtest

import (
	"fmt"
)

// Synthetic is a group of n projects spread over 10 subgroups, each with
// variables, tokens, environments, a protected branch and a CI file: the
// shape of the benchmark.
func Synthetic(n int) *Fixture {
	f := &Fixture{
		User:        User{ID: 7, Username: "bench"},
		TokenScopes: []string{"api"},
		RateLimit:   1 << 30,
		Groups:      []Group{{ID: 100, Path: "bench", Variables: []Variable{{Key: "GROUP_TOKEN", Value: "SENTINEL-bench-GROUP-VALUE", Masked: true}}}},
	}
	for i := range 10 {
		f.Groups = append(f.Groups, Group{ID: 101 + i, Path: fmt.Sprintf("bench/team-%02d", i)})
	}
	for i := range n {
		g := f.Groups[1+i%10].Path
		f.Projects = append(f.Projects, Project{
			ID: 10000 + i, Path: fmt.Sprintf("%s/service-%04d", g, i), DefaultBranch: "main",
			Variables: []Variable{
				{Key: "DEPLOY_KEY", Value: fmt.Sprintf("SENTINEL-bench-%d-VALUE", i), Masked: true, Protected: i%2 == 0},
				{Key: "API_URL", Value: "https://api.example.com"},
			},
			AccessTokens: []AccessToken{{ID: 20000 + i, Name: "ci", Scopes: []string{"read_api"}, AccessLevel: 30, ExpiresAt: "2027-06-30"}},
			Environments: []Environment{{Name: "production", Tier: "production"}},
			ProtectedBranches: []ProtectedBranch{{Name: "main",
				Push: []Access{{AccessLevel: 40, Description: "Maintainers"}}, Merge: []Access{{AccessLevel: 40, Description: "Maintainers"}}}},
			Files: map[string]string{".gitlab-ci.yml": syntheticCI},
		})
	}
	return f
}

const syntheticCI = `stages: [build, test, deploy]
build:
  stage: build
  script: [make build]
test:
  stage: test
  script: [make test]
deploy:
  stage: deploy
  environment: production
  script: [./deploy.sh "$DEPLOY_KEY"]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`
