package githubtest

import (
	"fmt"
	"time"
)

// SyntheticOptions size a generated organization.
type SyntheticOptions struct {
	Login string // default "synthetic"
	Repos int
	// Teams each get every repository whose index is a multiple of the
	// team's position plus one (team 0 gets all).
	Teams      int
	OrgSecrets int
	// BigRepo adds a repository "big" with this many secrets, deploy keys
	// and environments (lists longer than one page).
	BigRepo int
}

// Synthetic builds a deterministic organization for pagination tests and
// benchmarks. Each repository has three workflows on average (CI, deploy;
// every other repository a release workflow, the others a lint one), two
// environments (staging, and production behind reviewers and protected
// branches) with a secret each, three repository secrets, a Dependabot
// secret every third repository, a deploy key every fifth, CODEOWNERS every
// other, self-hosted jobs every tenth, classic protection every other.
func Synthetic(o SyntheticOptions) *Org {
	if o.Login == "" {
		o.Login = "synthetic"
	}
	t0 := time.Date(2024, time.May, 1, 12, 0, 0, 0, time.UTC)
	org := &Org{Login: o.Login, Name: "Synthetic", DefaultWorkflowPermissions: "read"}
	for i := range o.OrgSecrets {
		vis := []string{"all", "private", "selected"}[i%3]
		s := OrgSecret{Name: fmt.Sprintf("ORG_SECRET_%03d", i), Visibility: vis, CreatedAt: t0, UpdatedAt: t0}
		if vis == "selected" {
			s.Selected = []string{fmt.Sprintf("svc-%04d", i%max(o.Repos, 1))}
		}
		org.Secrets = append(org.Secrets, s)
	}
	for i := range o.Repos {
		org.Repos = append(org.Repos, syntheticRepo(i, t0))
	}
	for k := range o.Teams {
		t := Team{ID: int64(5000 + k), Name: fmt.Sprintf("Team %d", k), Slug: fmt.Sprintf("team-%02d", k), Repos: map[string]string{}}
		for i := range o.Repos {
			if i%(k+1) == 0 {
				t.Repos[fmt.Sprintf("svc-%04d", i)] = []string{"push", "maintain", "admin"}[k%3]
			}
		}
		org.Teams = append(org.Teams, t)
	}
	if o.BigRepo > 0 {
		big := Repo{Name: "big", Visibility: "private", Files: map[string]string{".github/workflows/ci.yml": syntheticCI}}
		for i := range o.BigRepo {
			big.Secrets = append(big.Secrets, Secret{Name: fmt.Sprintf("BIG_SECRET_%03d", i), CreatedAt: t0, UpdatedAt: t0})
			big.DeployKeys = append(big.DeployKeys, DeployKey{ID: int64(90000 + i), Title: fmt.Sprintf("key-%03d", i), ReadOnly: i%2 == 0, CreatedAt: t0})
			big.Environments = append(big.Environments, Environment{Name: fmt.Sprintf("env-%03d", i)})
		}
		org.Repos = append(org.Repos, big)
	}
	return org
}

func syntheticRepo(i int, t0 time.Time) Repo {
	name := fmt.Sprintf("svc-%04d", i)
	r := Repo{
		Name: name, Visibility: []string{"private", "internal", "public"}[i%3],
		Files: map[string]string{
			".github/workflows/ci.yml":     syntheticCI,
			".github/workflows/deploy.yml": fmt.Sprintf(syntheticDeploy, name),
		},
		Secrets: []Secret{
			{Name: "SONAR_TOKEN", CreatedAt: t0, UpdatedAt: t0},
			{Name: "SLACK_WEBHOOK", CreatedAt: t0, UpdatedAt: t0},
			{Name: "DATADOG_API_KEY", CreatedAt: t0, UpdatedAt: t0},
		},
		Environments: []Environment{
			{Name: "staging", Secrets: []Secret{{Name: "STAGING_DB_URL", CreatedAt: t0, UpdatedAt: t0}}},
			{Name: "production", Reviewers: []string{"team:team-00"}, PreventSelfReview: true, BranchPolicy: "protected",
				Secrets: []Secret{{Name: "PROD_DB_URL", CreatedAt: t0, UpdatedAt: t0}}},
		},
	}
	if i%2 == 0 {
		r.Files[".github/workflows/release.yml"] = syntheticRelease
		r.Files[".github/CODEOWNERS"] = "* @synthetic/team-00\n/.github/ @synthetic/team-01\n"
		r.Protection = &Protection{RequiredApprovals: 1, CodeOwnerReview: true}
	}
	if i%2 == 1 {
		r.Files[".github/workflows/lint.yml"] = syntheticLint
	}
	if i%3 == 0 {
		r.DependabotSecrets = []Secret{{Name: "NPM_READ_TOKEN", CreatedAt: t0, UpdatedAt: t0}}
	}
	if i%5 == 0 {
		r.DeployKeys = []DeployKey{{ID: int64(10000 + i), Title: "deploy", ReadOnly: true, CreatedAt: t0}}
	}
	if i%10 == 0 {
		r.Files[".github/workflows/ci.yml"] = syntheticCISelfHosted
		r.Runners = []Runner{{ID: int64(20000 + i), Name: name + "-runner", Labels: []string{"self-hosted", "linux"}}}
	}
	return r
}

const syntheticCI = `name: ci
on: [push, pull_request]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: go test ./...
  build:
    runs-on: ubuntu-latest
    needs: test
    steps:
      - uses: actions/checkout@v4
      - run: docker build -t app .
`

const syntheticCISelfHosted = `name: ci
on: [push, pull_request]
permissions:
  contents: read
jobs:
  test:
    runs-on: [self-hosted, linux]
    steps:
      - uses: actions/checkout@v4
      - run: make test
`

const syntheticDeploy = `name: deploy
on:
  push:
    branches: [main]
jobs:
  staging:
    runs-on: ubuntu-latest
    environment: staging
    steps:
      - uses: actions/checkout@v4
      - run: ./deploy.sh staging %[1]s
        env:
          DB_URL: ${{ secrets.STAGING_DB_URL }}
  production:
    needs: staging
    runs-on: ubuntu-latest
    environment: production
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/checkout@v4
      - run: ./deploy.sh production %[1]s
        env:
          DB_URL: ${{ secrets.PROD_DB_URL }}
          DD_API_KEY: ${{ secrets.DATADOG_API_KEY }}
`

const syntheticRelease = `name: release
on:
  push:
    tags: ['v*']
permissions:
  contents: write
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: gh release create "$GITHUB_REF_NAME"
        env:
          GH_TOKEN: ${{ github.token }}
`

const syntheticLint = `name: lint
on: [pull_request]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: make lint
        env:
          SONAR_TOKEN: ${{ secrets.SONAR_TOKEN }}
`
