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
		{"make unittest_relassert", true},
		{"make unit-tests", true},
		{"make community", false},
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

// TestRunEvidenceRound5 checks the script evidence changed after round
// five, each rule with a case where it fires and one where it must not.
func TestRunEvidenceRound5(t *testing.T) {
	for _, c := range []struct {
		run  string
		want tier
	}{
		// a tool's name counts as a word of its own, not inside a longer
		// word, a value or a path argument
		{"ruff check .", tierTest},
		{".venv/bin/ruff check src", tierTest},
		{"cd web && npx eslint .", tierTest},
		{"DEV=CPU python3 -m pytest -n auto", tierTest},
		{"bundle exec rspec spec/lib", tierTest},
		{"ARCHIVE_NAME=ruff-$TARGET", tierNone},
		{"cp target/$TARGET/release/ruff $ARCHIVE_NAME/ruff", tierNone},
		{"pip install pytest-timeout pytest-instafail", tierNone},
		{"cp tox.ini dist/", tierNone},
		{"markdownlint-cli2 'doc/**/*.md'", tierTest},
		{`go run github.com/wasilibs/go-shellcheck/cmd/shellcheck@v0.11.1 "${files[@]}"`, tierTest},
		{"pip install yamllint==1.35.1 codespell==2.3.0", tierNone},
		{`echo "version=$(make print-golangci-lint-version)"`, tierTest}, // the make target is still named for lint
		// asking the built tool for its help or version is a smoke check
		{"pip install dist/*.whl\nruff --help\npython -m ruff --version", tierNone},
		{"ruff --help && ruff check .", tierTest},
		// uploads to a staging location
		{"aws s3 cp --recursive deploy/ s3://dev-static-example-org/tool/", tierStage},
		{"aws s3 sync site/ s3://docs-staging/latest --delete", tierStage},
		{"aws s3 cp --recursive deploy/ s3://static-example-org/tool/", tierDeploy},
		{"aws s3 cp s3://dev-builds/x s3://releases-example/x", tierDeploy}, // promotion: the destination decides
		{"aws s3 cp s3://dev-builds/x ./x", tierDeploy},                     // not an upload to staging (as before)
		{"aws s3 cp --recursive \\\n  dist s3://dev-static/x", tierDeploy},  // continued line: destination not read
		{"aws s3 cp a s3://dev/a\naws s3 cp b s3://prod-site/b", tierDeploy},
		{"aws s3 cp dist/ s3://builds/${{ github.sha }}/", tierDeploy},
	} {
		got, why := runTier(Step{Run: c.run, Line: 1}, tierNone, "x.yml")
		if got != c.want {
			t.Errorf("runTier(%q) = %v (%s), want %v", c.run, got, why, c.want)
		}
	}
}

// TestRunEvidenceRound6 checks the script evidence added after round six,
// each rule with a case where it fires and one where it must not.
func TestRunEvidenceRound6(t *testing.T) {
	for _, c := range []struct {
		run  string
		want tier
	}{
		// importing a secret key into gpg signs; a public or downloaded
		// key prepares a verification
		{`cat ${GPG_KEY_PATH} | gpg --batch --no-tty --allow-secret-key-import --import -`, tierSign},
		{`echo "$GPG_PRIVATE_KEY" | base64 -d | gpg --import --batch`, tierSign},
		{`gpg --import signing-key.asc`, tierSign},
		{`base64 -d <<<"$GPG_PUBKEY" | gpg --import --batch`, tierNone},
		{`gpg --import KEYS && gpg --verify app.tar.gz.asc`, tierNone},
		{`curl -fsSL https://example.org/gpg-key.asc | gpg --import`, tierNone},
		{`curl -fsSL https://deb.example.org/gpgkey | gpg --dearmor -o /usr/share/keyrings/x.gpg`, tierNone},
		// a task runner's target named for publishing publishes; one
		// named for staging stages
		{"bundle exec rake manifest:upload", tierDeploy},
		{"mage deploy:production", tierDeploy},
		{"task publish", tierDeploy},
		{"bundle exec rake repository:upload:staging[$STAGING_REPO]", tierStage},
		{"bundle exec rake build:package", tierNone},
		{"mage resources:verifyAll", tierNone},
		{"just uploader", tierNone},
		{"rake upload_dir=tmp", tierNone},
	} {
		got, why := runTier(Step{Run: c.run, Line: 1}, tierNone, "x.yml")
		if got != c.want {
			t.Errorf("runTier(%q) = %v (%s), want %v", c.run, got, why, c.want)
		}
	}
}

// TestUploadArtifactNoEvidence checks that actions/upload-artifact alone
// says nothing about a job, while a build action still does.
func TestUploadArtifactNoEvidence(t *testing.T) {
	for _, c := range []struct {
		uses string
		want tier
	}{
		{"actions/upload-artifact", tierNone},
		{"pypa/cibuildwheel", tierCompile},
		{"actions/upload-pages-artifact", tierCompile},
	} {
		j := Job{Key: "x", Detail: JobDetail{Steps: []Step{{Uses: c.uses, Line: 3}}}}
		if got, why := stepTier(&j, "x.yml"); got != c.want {
			t.Errorf("stepTier(uses %s) = %v (%s), want %v", c.uses, got, why, c.want)
		}
	}
}
