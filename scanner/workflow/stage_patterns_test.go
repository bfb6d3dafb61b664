package workflow

import "testing"

// TestTaskTargetTest checks the task-runner target evidence: a target
// named for tests counts, a directory given to -C or a word that merely
// contains "test" does not.
func TestTaskTargetTest(t *testing.T) {
	for _, c := range []struct {
		run  string
		want bool
	}{
		{"make jaeger-v2-storage-integration-test", true},
		{"make -j4 build test", true},
		{"mage test:fixtureContainerImages", true},
		{"make lint-nocommit", true},
		{"make kind-e2e-test", true},
		{"rake spec", true},
		{"make test && make build", true},
		{"make -C test/e2e-image", false},
		{"make add-latest-icons", false},
		{"bundle exec rake check:package_size", false},
		{"make REGISTRY=x NAME=y push", false},
		{"make latest", false},
		{"makefile-test", false},
	} {
		if got := taskTargetTest.re.MatchString(c.run); got != c.want {
			t.Errorf("task target test evidence in %q = %v, want %v", c.run, got, c.want)
		}
	}
}

// TestRunEvidenceRound4 checks the script evidence added in round four,
// each with a case where it must not fire.
func TestRunEvidenceRound4(t *testing.T) {
	for _, c := range []struct {
		run  string
		want tier
	}{
		// comments are no evidence
		{"# shellcheck disable=SC1090\nsource ./ci/env.sh", tierNone},
		{"shellcheck ci/*.sh", tierTest},
		// installing Go tools is not compiling
		{"go install tool", tierNone},
		{"go install golang.org/x/tools/cmd/stringer@v0.30.0", tierNone},
		{"go install ./cmd/app", tierCompile},
		// a diff check fails the job; a diff condition does not
		{"make generate\ngit diff --exit-code", tierTest},
		{"git diff --name-status --exit-code", tierTest},
		{"if ! git diff --quiet; then\n  exit 1\nfi", tierTest},
		{"git diff --exit-code && echo unchanged || git push", tierNone},
		{"if git diff --quiet -- pylock.toml; then exit 0; fi", tierNone},
		{"if git diff --cached --quiet; then exit 0; fi", tierNone},
		// more analysers
		{"cov-build --dir cov-int make", tierTest},
		{"cargo shear --deny-warnings", tierTest},
		{"cargo build --release", tierCompile},
		// task-runner targets named for uploading
		{"make upload-extensions EXTENSION_REPOSITORY_PATH=/tmp/r", tierDeploy},
		{"make -j4 publish", tierDeploy},
		{"make release", tierCompile},
	} {
		got, why := runTier(Step{Run: c.run, Line: 1}, tierNone, "x.yml")
		if got != c.want {
			t.Errorf("runTier(%q) = %v (%s), want %v", c.run, got, why, c.want)
		}
	}
}
