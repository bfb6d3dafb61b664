package workflow

import (
	"io/fs"
	"strings"
	"testing"
)

// TestStageEvidence checks the general evidence rules of the classifier on
// small workflows: each case names the stage and words the reason must
// hold (what conflicted, where).
func TestStageEvidence(t *testing.T) {
	for _, c := range []struct {
		name, path, yml string
		want            Stage
		reason          []string
	}{
		{"name says release, steps only test", ".github/workflows/x.yml", `on: push
jobs:
  release-check:
    runs-on: ubuntu-latest
    steps:
      - run: go test ./...
`, StageUnknown, []string{"Conflicting evidence", `"release"`, "go test", ".github/workflows/x.yml:6"}},
		{"name says test, steps only coordinate", ".github/workflows/x.yml", `on: pull_request
jobs:
  collect-tests:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: dorny/paths-filter@v3
        with: {filters: "x: ['**']"}
`, StageUnknown, []string{"only coordinate", "dorny/paths-filter", ".github/workflows/x.yml:7"}},
		{"name says publish, only step outputs", ".github/workflows/x.yml", `on: push
jobs:
  detect-release:
    runs-on: ubuntu-latest
    steps:
      - uses: pnpm/action-setup@v4
      - run: pnpm install
      - run: echo "release=true" >> "$GITHUB_OUTPUT"
`, StageUnknown, []string{"Conflicting evidence", "only coordinate"}},
		{"name says publish on pull requests, no publishing step", ".github/workflows/x.yml", `on: [push, pull_request]
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/prepare.sh
`, StageUnknown, []string{"Conflicting evidence", "pull requests"}},
		{"name says publish, tag push only", ".github/workflows/x.yml", `on:
  push:
    tags: ['v*']
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/prepare.sh
`, StageDeploy, []string{`"publish"`, "runs only on a tag push"}},
		{"name says publish, if restricts to main", ".github/workflows/x.yml", `on: push
jobs:
  publish:
    if: github.ref == 'refs/heads/main'
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/prepare.sh
`, StageDeploy, []string{`"publish"`, "named branches or tags"}},
		{"release trigger", ".github/workflows/x.yml", `on:
  release:
    types: [published]
jobs:
  upload-to-store:
    runs-on: ubuntu-latest
    steps:
      - run: ./upload.sh
`, StageDeploy, []string{"runs only on release"}},
		{"push in a release-only workflow", ".github/workflows/x.yml", `on:
  workflow_dispatch:
    inputs:
      version: {required: true}
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker push ghcr.io/o/app:${{ inputs.version }}
`, StageDeploy, []string{"docker push", `workflow_dispatch with input "version"`}},
		{"push in an ordinary workflow", ".github/workflows/x.yml", `on:
  workflow_dispatch:
    inputs:
      debug: {required: false}
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker push ghcr.io/o/app:dev
`, StageBuild, []string{"docker push"}},
		{"verify signing is not signing", ".github/workflows/x.yml", `on: push
jobs:
  extensions:
    runs-on: ubuntu-latest
    steps:
      - run: make verify-extension-signing
`, StageBuild, []string{"make"}},
		{"task runner test target", ".github/workflows/x.yml", `on: push
jobs:
  memory:
    runs-on: ubuntu-latest
    steps:
      - run: STORAGE=memory make jaeger-storage-integration-test
`, StageTest, []string{"make jaeger-storage-integration-test", ":6"}},
		{"test workflow name", ".github/workflows/x.yml", `name: Benchmarks
on: push
jobs:
  run_script:
    runs-on: ubuntu-latest
    steps:
      - run: python examples/sdxl.py --timing
`, StageTest, []string{"workflow's name", "Benchmarks"}},
		{"environment with its line", ".github/workflows/x.yml", `on: push
jobs:
  ship:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - run: ./ship.sh
`, StageDeploy, []string{`environment "production" (.github/workflows/x.yml:5)`}},
		{"gitlab manual deploy stage", ".gitlab-ci.yml", `stages: [build, release]
ship:
  stage: release
  when: manual
  script: [./ship.sh]
`, StageDeploy, []string{`GitLab stage is "release" (.gitlab-ci.yml:3)`, "when: manual"}},
		{"gitlab meson test", ".gitlab-ci.yml", `build_on_fedora:
  stage: build
  script:
    - meson compile -C build
    - meson test -C build
`, StageTest, []string{"meson test", ".gitlab-ci.yml:4"}}, // the script step starts at line 4
		{"github-script creates a tag", ".github/workflows/x.yml", `on: push
jobs:
  tag:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          script: |
            await github.rest.git.createRef({
              owner: context.repo.owner, repo: context.repo.repo,
              ref: 'refs/tags/v1.2.3', sha: context.sha });
`, StageDeploy, []string{"github-script to create a tag or release", ".github/workflows/x.yml:6"}},
		{"github-script creates a branch", ".github/workflows/x.yml", `on: push
jobs:
  branch:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/github-script@v7
        with:
          script: |
            await github.rest.git.createRef({
              owner: context.repo.owner, repo: context.repo.repo,
              ref: 'refs/heads/release-1', sha: context.sha });
`, StageUnknown, []string{"only coordinate"}},
		{"registry description page", ".github/workflows/x.yml", `on: push
jobs:
  PushDockerHubReadme:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: christian-korneck/update-container-description-action@v1
        with: {provider: dockerhub}
`, StageDeploy, []string{"update-container-description-action", ":7"}},
		{"name says docker, steps build", ".github/workflows/x.yml", `on: push
jobs:
  docker:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t x .
`, StageBuild, []string{`"docker"`}},
		{"gate action", ".github/workflows/x.yml", `on: push
jobs:
  check:
    if: always()
    needs: [a, b]
    runs-on: ubuntu-latest
    steps:
      - uses: re-actors/alls-green@release/v1
        with: {jobs: "${{ toJSON(needs) }}"}
`, StageTest, []string{"A gate", "alls-green"}},
		{"gate script on needs results", ".github/workflows/x.yml", `on: workflow_call
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - run: |
          failed=$(echo "$NEEDS" | jq '[.[] | select(.result != "success")] | length')
          if [ "$failed" != 0 ]; then exit 1; fi
`, StageTest, []string{"A gate", "results of the jobs it needs"}},
		{"build status gate", ".github/workflows/x.yml", `on: pull_request
jobs:
  build_all_status:
    needs: [build_all]
    runs-on: ubuntu-latest
    steps:
      - if: needs.build_all.result == 'success'
        run: exit 0
      - if: needs.build_all.result != 'success'
        run: exit 1
`, StageTest, []string{"A gate", "build_all"}},
		{"printing after needs is no gate", ".github/workflows/x.yml", `on: push
jobs:
  done:
    needs: [a]
    runs-on: ubuntu-latest
    steps:
      - run: echo finished
`, StageUnknown, []string{"No evidence"}},
		{"release PR action only coordinates", ".github/workflows/x.yml", `on: workflow_dispatch
jobs:
  prepare:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: node scripts/prepare-release.ts >> "$GITHUB_OUTPUT"
      - uses: vitejs/release-scripts/action/release-pr@v1
`, StageUnknown, []string{"only coordinate"}},
		{"gitlab verify job in a build stage", ".gitlab-ci.yml", `stages: [build]
rpm verify fips:
  stage: build
  script: [ci/rpm_verify_fips]
`, StageTest, []string{"a check, though", `GitLab stage is "build"`}},
		{"gitlab test build in a build stage", ".gitlab-ci.yml", `stages: [build]
build_test:
  stage: build
  script: [ci/run.sh]
`, StageBuild, []string{`GitLab stage is "build"`}},
		{"gitlab release build that tests", ".gitlab-ci.yml", `stages: [build]
build_release:
  stage: build
  script:
    - meson compile -C build
    - meson test -C build
`, StageTest, []string{"meson test", "no step deploys"}},
		{"gitlab postrelease check", ".gitlab-ci.yml", `stages: [release, postrelease]
verify resources:
  stage: postrelease
  script: [mage resources:verifyAll]
`, StageTest, []string{`"verif"`}},
		{"gitlab postrelease job without other evidence", ".gitlab-ci.yml", `stages: [release, postrelease]
notify:
  stage: postrelease
  script: [./notify.sh]
`, StageDeploy, []string{"a stage around that step"}},
		{"gitlab prepare stage is not around a step", ".gitlab-ci.yml", `stages: [prepare]
fetch:
  stage: prepare
  script: [./fetch.sh]
`, StageBuild, []string{`GitLab stage is "prepare" (.gitlab-ci.yml:3)`}},
		{"gitlab analysis stage", ".gitlab-ci.yml", `stages: [analysis]
headers:
  stage: analysis
  script: [./headers.sh]
`, StageTest, []string{`GitLab stage is "analysis"`}},
		// round-five follow-up rules
		{"environment name in the plural", ".github/workflows/x.yml", `on: push
jobs:
  redirects:
    runs-on: ubuntu-latest
    environment: Docs Deploys
    steps:
      - run: ./update.py
`, StageDeploy, []string{`"Docs Deploys"`, "production/publishing"}},
		{"environment that deploys nothing by its name", ".github/workflows/x.yml", `on: push
jobs:
  redirects:
    runs-on: ubuntu-latest
    environment: Docs Deployer Bot
    steps:
      - run: ./update.py
`, StageUnknown, []string{"names no known stage"}},
		{"called SLSA generator signs, whatever the name says", ".github/workflows/x.yml", `on: push
jobs:
  build-and-publish-provenance:
    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_container_slsa3.yml@v2.1.0
    with: {image: x, digest: y}
`, StageSign, []string{"Calls slsa-framework/slsa-github-generator", ".github/workflows/x.yml:3"}},
		{"called workflow of another repository, unknown", ".github/workflows/x.yml", `on: push
jobs:
  publish-docs:
    uses: example/shared/.github/workflows/docs.yml@v1
`, StageDeploy, []string{`"publish"`}},
		{"regenerate and open a pull request", ".github/workflows/x.yml", `on: {schedule: [{cron: "0 8 * * *"}]}
jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: task docs:generate
      - uses: peter-evans/create-pull-request@v7
        with: {title: "chore: update generated files"}
`, StageUnknown, []string{"product is a pull request", "peter-evans/create-pull-request", ".github/workflows/x.yml:8"}},
		{"lock file build, then gh pr create", ".github/workflows/x.yml", `on: workflow_dispatch
jobs:
  update-build-lock:
    runs-on: ubuntu-latest
    steps:
      - run: python -m pip lock --group build
      - run: |
          git push --force origin "$branch"
          gh pr create --title "Update lock" --body x
`, StageUnknown, []string{"product is a pull request", `"gh pr create"`}},
		{"opens a pull request but also tests", ".github/workflows/x.yml", `on: workflow_dispatch
jobs:
  fix-lint:
    runs-on: ubuntu-latest
    steps:
      - run: go test ./...
      - run: gh pr create --title x --body y
`, StageTest, []string{"go test"}},
		{"release-named job that opens a follow-up pull request", ".github/workflows/x.yml", `on:
  push:
    tags: ['v*']
jobs:
  post-release:
    runs-on: ubuntu-latest
    steps:
      - run: ./bump-next.sh
      - run: gh pr create --title x --body y
`, StageDeploy, []string{`"release"`}},
		{"build job without a pull request", ".github/workflows/x.yml", `on: push
jobs:
  docs:
    runs-on: ubuntu-latest
    steps:
      - run: task docs:generate
      - run: gh pr list
`, StageBuild, []string{`"docs"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := Parse(c.path, []byte(c.yml), nil)
			if len(p.Jobs) != 1 {
				t.Fatalf("jobs %d, errors %v", len(p.Jobs), p.Errors)
			}
			j := p.Jobs[0]
			if j.Stage != c.want {
				t.Errorf("stage %s (%s), want %s", j.Stage, j.StageReason, c.want)
			}
			for _, w := range c.reason {
				if !strings.Contains(j.StageReason, w) {
					t.Errorf("reason %q does not say %q", j.StageReason, w)
				}
			}
		})
	}
}

// TestStageNeedsEvidence checks that a DEPLOY job's reason names the
// build job it runs after.
func TestStageNeedsEvidence(t *testing.T) {
	p := Parse(".github/workflows/x.yml", []byte(`on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: go build ./...
  release:
    needs: [build]
    runs-on: ubuntu-latest
    steps:
      - run: gh release create v1
`), nil)
	if len(p.Jobs) != 2 {
		t.Fatalf("jobs %d, errors %v", len(p.Jobs), p.Errors)
	}
	if r := p.Jobs[1].StageReason; p.Jobs[1].Stage != StageDeploy || !strings.Contains(r, `it runs after build job "build"`) {
		t.Errorf("release: %s (%s), want DEPLOY after build job \"build\"", p.Jobs[1].Stage, r)
	}
}

// TestStageEvidenceRound6 checks the classifier rules added after round
// six on small pipelines: each rule with a case where it fires and one
// where it must not.
func TestStageEvidenceRound6(t *testing.T) {
	called := map[string]string{
		// builds, tests, and signs with a local action the repository
		// does not hold
		".github/workflows/publish.yml": `on: workflow_call
jobs:
  build-publish:
    runs-on: ubuntu-latest
    steps:
      - uses: aquasecurity/trivy-action@v0
  sign:
    needs: build-publish
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/sign
`,
		// builds, then runs the regression tests
		".github/workflows/regression.yml": `on: workflow_call
jobs:
  linux-base:
    runs-on: ubuntu-latest
    steps:
      - run: make release
  regression-test-storage:
    needs: linux-base
    runs-on: ubuntu-latest
    steps:
      - run: python3 scripts/regression_storage.py
`,
	}
	read := func(p string) ([]byte, error) {
		if s, ok := called[strings.TrimPrefix(p, "/")]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
	for _, c := range []struct {
		name, path, yml string
		want            Stage
		reason          []string
	}{
		{"upload-artifact alone is no evidence", ".github/workflows/x.yml", `on: issues
jobs:
  activation:
    runs-on: ubuntu-latest
    steps:
      - run: bash ./render_prompt.sh
      - uses: actions/upload-artifact@v4
        with: {name: prompt, path: /tmp/prompt.txt}
`, StageUnknown, []string{"No evidence"}},
		{"upload-artifact in a job named for building", ".github/workflows/x.yml", `on: push
jobs:
  build-wheels:
    runs-on: ubuntu-latest
    steps:
      - run: ./scripts/prepare.sh
      - uses: actions/upload-artifact@v4
        with: {name: wheels, path: dist}
`, StageBuild, []string{`"build-wheels"`}},
		{"packaging job that imports its signing key", ".gitlab-ci.yml", `stages: [package]
package-deb:
  stage: package
  before_script:
    - cat ${GPG_KEY_PATH} | gpg --batch --allow-secret-key-import --import -
  script:
    - mage package:deb
`, StageSign, []string{"gpg", "--allow-secret-key-import", ".gitlab-ci.yml:5"}},
		{"packaging job that imports a public key", ".gitlab-ci.yml", `stages: [package]
package-deb:
  stage: package
  script:
    - gpg --import KEYS
    - mage package:deb
`, StageBuild, []string{`GitLab stage is "package"`}},
		{"verification job in a production environment", ".gitlab-ci.yml", `stages: [postrelease]
verify stable resources:
  stage: postrelease
  environment:
    name: stable/docker_images/linux
  script:
    - mage resources:verifyAll
`, StageTest, []string{`"verif"`, "no step deploys", `"stable/docker_images/linux"`}},
		{"check-named job that deploys in a production environment", ".gitlab-ci.yml", `stages: [deploy]
check and deploy:
  stage: deploy
  environment:
    name: production
  script:
    - kubectl apply -f k8s/
`, StageDeploy, []string{`"production"`}},
		{"release job in a production environment", ".gitlab-ci.yml", `stages: [deploy]
stable gitlab release:
  stage: deploy
  environment:
    name: stable/gitlab
  script:
    - echo releasing
`, StageDeploy, []string{`"stable/gitlab"`}},
		{"called signing job outweighs test steps", ".github/workflows/rebuild.yml", `on: schedule
jobs:
  publish-artifacts:
    uses: ./.github/workflows/publish.yml
`, StageSign, []string{"publish.yml", "SIGN"}},
		{"called jobs build and test", ".github/workflows/main.yml", `on: pull_request
jobs:
  regression:
    uses: ./.github/workflows/regression.yml
`, StageTest, []string{"regression.yml", "build and test"}},
		{"called jobs build and test, caller named for building", ".github/workflows/main.yml", `on: pull_request
jobs:
  build-all:
    uses: ./.github/workflows/regression.yml
`, StageBuild, []string{"regression.yml", "BUILD"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := Parse(c.path, []byte(c.yml), read)
			if len(p.Jobs) != 1 {
				t.Fatalf("jobs %d, errors %v", len(p.Jobs), p.Errors)
			}
			j := p.Jobs[0]
			if j.Stage != c.want {
				t.Errorf("stage %s (%s), want %s", j.Stage, j.StageReason, c.want)
			}
			for _, w := range c.reason {
				if !strings.Contains(j.StageReason, w) {
					t.Errorf("reason %q does not say %q", j.StageReason, w)
				}
			}
		})
	}
}
