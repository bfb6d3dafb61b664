package workflow

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// tier orders step evidence: the most privileged thing a job does decides
// its stage (a job that tests and publishes is a publishing job).
type tier int

const (
	tierNone tier = iota
	tierCompile
	tierTest
	tierPush
	tierSign
	// tierStage: deploying to a staging or development location.
	tierStage
	tierDeploy
)

func (t tier) stage() Stage {
	switch t {
	case tierCompile, tierPush:
		return StageBuild
	case tierTest:
		return StageTest
	case tierSign:
		return StageSign
	case tierStage:
		return StageStage
	case tierDeploy:
		return StageDeploy
	}
	return StageUnknown
}

// stepPattern is one kind of evidence found in a step's command or action.
type stepPattern struct {
	tier tier
	re   *regexp.Regexp
	// hints are words one of which every match contains: a cheap test
	// that skips the regular expression for most scripts.
	hints []string
}

// mayMatch reports whether s contains one of the pattern's hints.
func (p stepPattern) mayMatch(s string) bool {
	if len(p.hints) == 0 {
		return true
	}
	for _, h := range p.hints {
		if strings.Contains(s, h) {
			return true
		}
	}
	return false
}

// runPatterns match commands in run: / script: text.
var runPatterns = []stepPattern{
	{tierDeploy, regexp.MustCompile(`\b(kubectl\s+(apply|rollout|set\s+image|create|replace|patch)|helm\s+(upgrade|install)|terraform\s+apply|gcloud\s+(run\s+deploy|app\s+deploy|functions\s+deploy|deploy)|az\s+(webapp|functionapp)\s+deploy|(npm|yarn|pnpm)\s+publish|twine\s+upload|uv\s+publish|poetry\s+publish|cargo\s+publish|gem\s+push|gh\s+release\s+(create|upload|edit)|mvn\s+[^\n]*\bdeploy\b|gradlew?\s+[^\n]*\bpublish|goreleaser\s+release|flyctl\s+deploy|vercel\s+deploy|netlify\s+deploy|aws\s+(--\S+\s+)*s3\s+(sync|cp)|release-cli\s+create|snapcraft\s+(upload|push)|glab\s+release\s+create|ghr\s|dist\s+host\b[^\n]*--steps=(upload|release)|make\s+(-\S+\s+)*(deploy|publish|upload)[\w-]*)`), []string{"dist", "deploy", "upload", "kubectl", "helm", "terraform", "gcloud", "az ", "publish", "twine", "gem ", "gh ", "mvn", "gradle", "goreleaser", "flyctl", "vercel", "netlify", "aws", "release-cli", "snapcraft", "glab", "ghr"}},
	taskTargetDeploy,
	{tierSign, regexp.MustCompile(`\b(cosign\s+(sign|attest)|gpg\s+[^\n]*(--sign|--detach-sign|--clearsign|-[a-z]*s[a-z]*b)|notation\s+sign|codesign\s|signtool(\.exe)?\s+sign|rpmsign|debsign|minisign\s+-S|make\s+(sign[\w-]*|[\w-]*-sign[\w-]*)|[/\\]sign(\.ps1|\.sh)?\s)`), []string{"cosign", "gpg", "notation", "codesign", "signtool", "rpmsign", "debsign", "minisign", "sign"}},
	keyImport,
	{tierPush, regexp.MustCompile(`\b(docker\s+(image\s+)?push|docker\s+buildx\s+build[^\n]*--push|podman\s+push|crane\s+(push|copy|cp)|skopeo\s+copy|ko\s+(publish|resolve|apply)|buildah\s+push|oras\s+push|jib\b)`), []string{"docker", "podman", "crane", "skopeo", "ko ", "buildah", "oras", "jib"}},
	{tierTest, regexp.MustCompile(`\b(go\s+test|(npm|yarn|pnpm)\s+(run\s+)?(test|lint|check|typecheck|e2e)|cargo\s+(test|clippy|fmt|nextest|deny|audit|shear|machete|udeps|semver-checks)|make\s+(test|check|lint|unit|integration|e2e|vet|fmt)|go\s+vet|mvn\s+[^\n]*\b(test|verify)\b|gradlew?\s+[^\n]*\b(test|check)\b|trivy\s+(image|fs|repo|config|k8s|sbom|filesystem|rootfs)|helm\s+lint|terraform\s+(validate|fmt\s+-check|plan)|cosign\s+verify|gh\s+attestation\s+verify|slsa-verifier\s+verify|meson\s+test|python3?\s+-m\s+unittest|cov-(build|analyze)|git\s+diff(\s+--(name-only|name-status|stat|ignore-submodules\S*))*\s+--exit-code|(^|[\s/.])(tests?|e2e)/\S+\.(sh|ps1|py|bash)\b|[\w/.-]*(test|e2e)[\w.-]*\.(sh|ps1|bash))\b`), []string{"meson", "unittest", "cov-", "diff", "test", "e2e", "go ", "npm", "yarn", "pnpm", "cargo", "make", "mvn", "gradle", "trivy", "helm", "terraform", "cosign", "gh ", "slsa-verifier"}},
	testTool,
	taskTargetTest,
	diffCheck,
	{tierCompile, regexp.MustCompile(`\b(go\s+build|go\s+install|cargo\s+build|make\b|cmake|ninja|meson|bazel\s+build|(npm|yarn|pnpm)\s+(run\s+)?build|mvn\s+[^\n]*\b(package|install|compile)\b|gradlew?\s+[^\n]*\b(build|assemble)\b|python\s+-m\s+build|pip\s+wheel|docker\s+(buildx\s+)?build|podman\s+build|goreleaser\s+(build|[^\n]*--snapshot)|hugo|mkdocs\s+build|sphinx-build|uv\s+build|maturin\s+build|dotnet\s+(build|publish)|[\w/.-]*build[\w.-]*\.(sh|ps1|bash)\b)`), []string{"build", "go ", "cargo", "make", "cmake", "ninja", "meson", "bazel", "npm", "yarn", "pnpm", "mvn", "gradle", "python", "pip", "docker", "podman", "goreleaser", "hugo", "mkdocs", "sphinx-build", "uv ", "maturin", "dotnet"}},
}

// testTool matches linters, scanners and test runners called by their bare
// name. Such a name also appears inside a longer word, a value or a path
// argument ("ARCHIVE=ruff-$TARGET", "tox.ini", "SKIP=ruff,mypy", "cp
// target/release/ruff dist/"), so it counts only as a word of its own
// (toolAt).
var testTool = stepPattern{tierTest, regexp.MustCompile(`\b(gotestsum|pytest|tox|nox|vitest|jest|golangci-lint|staticcheck|ruff|mypy|eslint|prettier\s+--check|shellcheck|pre-commit|ctest|grype|snyk|semgrep|codeql|actionlint|hadolint|zizmor|flake8|pylint|black\s+--check|rspec|phpunit|bats|codespell|yamllint|markdownlint(-cli2?)?|lychee|govulncheck|kubeconform|kubeval)\b`), []string{"gotestsum", "pytest", "tox", "nox", "vitest", "jest", "golangci-lint", "staticcheck", "ruff", "mypy", "eslint", "prettier", "shellcheck", "pre-commit", "ctest", "grype", "snyk", "semgrep", "codeql", "actionlint", "hadolint", "zizmor", "flake8", "pylint", "black", "rspec", "phpunit", "bats", "codespell", "yamllint", "markdownlint", "lychee", "govulncheck", "kubeconform", "kubeval"}}

// wordEnds are the characters that may border a tool's name: spaces and
// shell punctuation, not "-", ".", "=", "," or "/" (parts of a longer
// word, a file name, a value or a path); on the right also "@", a
// version (npx eslint@9, go run …/shellcheck@v0.11.1).
const wordEnds = " \t;&|()`\"'{}"

// toolAt reports whether the match line[i:k] is a word of its own: bordered
// by spaces or shell punctuation, or, on the left, by a directory that is
// itself where a command starts (.venv/bin/ruff check).
func toolAt(line string, i, k int) bool {
	if k < len(line) && !strings.ContainsRune(wordEnds+"@", rune(line[k])) {
		return false
	}
	if i == 0 || strings.ContainsRune(wordEnds, rune(line[i-1])) {
		return true
	}
	if line[i-1] != '/' {
		return false
	}
	start := strings.LastIndexAny(line[:i], wordEnds) + 1
	return !strings.Contains(line[start:i], "=") && commandAt(line, start)
}

// helpOnly reports arguments that only ask a tool for its help or version
// ("ruff --help" after installing a built wheel): a smoke check that the
// artifact runs, not a test or lint run.
func helpOnly(args string) bool {
	if k := strings.IndexAny(args, ";&|)"); k >= 0 {
		args = args[:k]
	}
	fields := strings.Fields(args)
	for _, f := range fields {
		switch strings.Trim(f, `"'`) {
		case "--help", "-h", "--version", "-V", "version":
		default:
			return false
		}
	}
	return len(fields) > 0
}

// commandWords may come before a command on its line: shell keywords,
// wrappers and runners.
var commandWords = map[string]bool{
	"then": true, "do": true, "else": true, "if": true, "while": true, "until": true, "!": true,
	"sudo": true, "exec": true, "time": true, "nohup": true, "env": true, "xargs": true, "timeout": true, "command": true,
	"npx": true, "uvx": true, "uv": true, "go": true, "poetry": true, "pipenv": true, "bundle": true, "npm": true, "pnpm": true, "yarn": true, "run": true,
}

// commandAt reports whether position i of line starts a command: at the
// start of the line or after a separator (; & | ( ` quotes {), past
// shell keywords, wrappers, options, numbers and VAR=value assignments.
func commandAt(line string, i int) bool {
	before := line[:i]
	if k := strings.LastIndexAny(before, ";&|(`\"'{"); k >= 0 {
		before = before[k+1:]
	}
	for _, f := range strings.Fields(before) {
		switch {
		case commandWords[f], strings.HasPrefix(f, "-"), envAssign.MatchString(f), duration.MatchString(f):
		default:
			return false
		}
	}
	return true
}

// envAssign matches a VAR=value word before a command; duration a
// wrapper's number ("timeout 10m pytest").
var (
	envAssign = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)
	duration  = regexp.MustCompile(`^\d+[smh]?$`)
)

// A task runner's target named for tests (make unit-test, mage
// test:integration, rake spec): the target is a whole word of the
// name, and an option's argument (make -C test/dir) is not a target.
// check/verify targets are left out: they usually guard a build
// (rake check:package_size) rather than make it a test job.
var taskTargetTest = stepPattern{tierTest, regexp.MustCompile(`\b(make|mage|just|rake|task)(\s+-[Cf]\s*\S+|\s+[\w.:=-]+)*\s+([\w.:-]*[-_:.])?((unit[-_]?)?tests?|unit|e2e|integration|lint|vet|fmt|spec)([-_:.][\w:.-]*)?(\s|;|&|\||\)|$)`), []string{"make", "mage", "just", "rake", "task"}}

// taskTargetDeploy matches a task runner's target named for publishing
// (rake manifest:upload, mage deploy:prod, task publish): the word is a
// whole part of the target, as in taskTargetTest. make has its own
// pattern among the deploying commands.
var taskTargetDeploy = stepPattern{tierDeploy, regexp.MustCompile(`\b(mage|just|rake|task)(\s+-[Cf]\s*\S+|\s+[\w.:=-]+)*\s+([\w.:-]*[-_:.])?(deploy|publish|upload)([-_:.][\w:.-]*)?(\[[^\]\n]*\])?(\s|;|&|\||\)|$)`), []string{"mage", "just", "rake", "task"}}

// keyImport matches importing a key into gpg; it is evidence of signing
// only when the key is a secret one (signingKey on the same line): a
// packaging job that imports its signing key signs what it packages,
// while importing a downloaded public key (curl …/KEYS | gpg --import)
// prepares a verification.
var (
	keyImport  = stepPattern{tierSign, regexp.MustCompile(`\bgpg2?\s[^\n]*--(allow-secret-key-import|import)\b`), []string{"gpg"}}
	signingKey = regexp.MustCompile(`(?i)(allow-secret-key-import|private[-_]?key|secret[-_]?key|signing[-_]?key|(gpg|pgp)[-_]?(private[-_]?)?key)`)
)

// diffCheck matches a script that fails when the working tree changed
// ("if ! git diff --quiet; then … exit 1"): a check that generated files
// are up to date. "if git diff --quiet -- path" only detects changes.
var diffCheck = stepPattern{tierTest, regexp.MustCompile(`!\s*git\s+diff\s+--quiet\s*(;|&&|\|\||$)`), []string{"diff"}}

// actionPatterns match uses: owner/name[/path] (lower-cased).
// actions/upload-artifact is none of them: it keeps whatever a job
// produced (logs, reports, test selections, an agent's output), which is
// no evidence that the job builds.
var actionPatterns = []stepPattern{
	{tierDeploy, regexp.MustCompile(`^(pypa/gh-action-pypi-publish|softprops/action-gh-release|ncipollo/release-action|actions/deploy-pages|peaceiris/actions-gh-pages|jamesives/github-pages-deploy-action|azure/webapps-deploy|azure/functions-action|azure/k8s-deploy|google-github-actions/deploy-|aws-actions/amazon-ecs-deploy-task-definition|helm/chart-releaser-action|changesets/action|mislav/bump-homebrew-formula-action|dawidd6/action-homebrew-bump-formula|cloudflare/wrangler-action|amondnet/vercel-action|actions/create-release|actions/upload-release-asset|svenstaro/upload-release-action|rust-lang/crates-io-auth-action|googleapis/release-please-action|google-github-actions/release-please-action|marvinpinto/action-automatic-releases|appleboy/ssh-action|burnett01/rsync-deployments|superfly/flyctl-actions|peter-evans/dockerhub-description|christian-korneck/update-container-description-action)`), nil},
	{tierSign, regexp.MustCompile(`^(actions/attest-build-provenance|actions/attest-sbom|actions/attest|slsa-framework/slsa-github-generator|sigstore/gh-action-sigstore-python|crazy-max/ghaction-import-gpg|azure/trusted-signing-action|dlemstra/code-sign-action)`), nil},
	{tierPush, regexp.MustCompile(`^(docker/build-push-action|redhat-actions/push-to-registry|docker/bake-action)`), nil},
	{tierTest, regexp.MustCompile(`^(github/codeql-action|ossf/scorecard-action|aquasecurity/trivy-action|anchore/scan-action|actions/dependency-review-action|golangci/golangci-lint-action|codecov/codecov-action|coverallsapp/github-action|zizmorcore/zizmor-action|rhysd/actionlint|reviewdog/|super-linter/|github/super-linter|pre-commit/action|snyk/actions|astral-sh/ruff-action|chartboost/ruff-action|hadolint/hadolint-action|ludeeus/action-shellcheck|codespell-project/codespell-problem-matcher|codespell-project/actions-codespell|crate-ci/typos|lycheeverse/lychee-action|dorny/test-reporter|mikepenz/action-junit-report|kubevious/cli|slsa-framework/slsa-verifier|helm/chart-testing-action|returntocorp/semgrep-action|semgrep/semgrep-action|amannn/action-semantic-pull-request|wagoid/commitlint-github-action)`), nil},
	{tierCompile, regexp.MustCompile(`^(goreleaser/goreleaser-action|docker/setup-buildx-action|pypa/cibuildwheel|pyo3/maturin-action|actions/upload-pages-artifact|rust-build/rust-build.action)`), nil},
}

var (
	envProd    = regexp.MustCompile(`(?i)\b(prod|production|live|stable|release|releases|publish|publishing|pypi|npm|crates|maven[-_]?publish|docker[-_]?publish|homebrew|deploys?|deployments?|cd)\b`)
	envStaging = regexp.MustCompile(`(?i)\b(staging|stage|preview|review|dev|development|sandbox|uat|qa|canary|nightly|pr-\d+|test-?pypi|testpypi)\b`)
	nameStage  = []struct {
		stage Stage
		re    *regexp.Regexp
	}{
		{StageStage, regexp.MustCompile(`(?i)(staging|preview|review[-_ ]app|deploy[-_ :]*(dev|stg|staging|preview|review|canary)|canary)`)},
		{StageDeploy, regexp.MustCompile(`(?i)(deploy|release|publish|promote|production|upload[-_ ]to|push[-_ ]to[-_ ](pypi|npm|crates)|homebrew|bump[-_ ]formula|pages)`)},
		{StageSign, regexp.MustCompile(`(?i)(sign|provenance|attest|notari[sz]e|slsa)`)},
		{StageTest, regexp.MustCompile(`(?i)(test|lint|check|vet|scan|codeql|analy[sz]e|analysis|scorecard|coverage|e2e|integration|verif|validat|fuzz|semgrep|audit|security|zizmor|snyk|grype|format|fmt|spell|style|typecheck|qa|benchmark|bench|conformance|smoke|sast|secret[-_ ]detection|dependency[-_ ]scanning|code[-_ ]quality|danger)`)},
		{StageBuild, regexp.MustCompile(`(?i)(build|compile|package|image|container|docker|dist|wheel|artifact|binar|bundle|snapshot|docs|prepare|cache|generate)`)},
	}
)

// evidence is what the classifier saw in a job.
type evidence struct {
	stage Stage
	why   string
	// gitlabStage marks the evidence of a GitLab job's stage:.
	gitlabStage bool
	// called marks the stage of the jobs a job calls (a reusable
	// workflow, a child pipeline).
	called bool
}

// stepTier returns the strongest step evidence of a job.
func stepTier(j *Job, file string) (tier, string) {
	best, why := tierNone, ""
	if j.Calls != "" && !isLocalUses(j.Calls) {
		// A reusable workflow of another repository is read like an
		// action: slsa-framework/slsa-github-generator/.github/workflows/…
		// signs provenance wherever it is called from.
		u, _, _ := strings.Cut(strings.ToLower(j.Calls), "@")
		for _, p := range actionPatterns {
			if p.tier > best && p.re.MatchString(u) {
				best, why = p.tier, fmt.Sprintf("calls %s (%s:%d)", j.Calls, file, j.Line)
			}
		}
	}
	for _, st := range j.Detail.Steps {
		if st.Uses != "" {
			u := strings.ToLower(st.Uses)
			if strings.EqualFold(st.Uses, "goreleaser/goreleaser-action") && strings.Contains(st.With["args"], "release") && !strings.Contains(st.With["args"], "--snapshot") && best < tierDeploy {
				best, why = tierDeploy, fmt.Sprintf("uses %s with args %q (%s)", st.Uses, strings.Join(strings.Fields(st.With["args"]), " "), stepAt(st, file))
			}
			if best < tierDeploy && u == "actions/github-script" && scriptRelease.MatchString(st.With["script"]) {
				best, why = tierDeploy, fmt.Sprintf("uses %s to create a tag or release (%s)", st.Uses, stepAt(st, file))
			}
			for _, p := range actionPatterns {
				if p.tier > best && p.re.MatchString(u) && !pushDisabled(st, p.tier) {
					best, why = p.tier, fmt.Sprintf("uses %s (%s)", st.Uses, stepAt(st, file))
				}
			}
		}
		if st.Run != "" {
			if t, w := runTier(st, best, file); t > best {
				best, why = t, w
			}
		}
	}
	return best, why
}

// gradleExclude matches gradle's "-x task" (exclude a task), which must not
// count as running the task.
var gradleExclude = regexp.MustCompile(`\s-x\s+\S+`)

// runTier returns the strongest run pattern above best in a step's script,
// testing only the lines that hold one of a pattern's hints.
func runTier(st Step, best tier, file string) (tier, string) {
	run := st.Run
	if strings.Contains(run, "-x ") {
		run = gradleExclude.ReplaceAllString(run, "")
	}
	lines := strings.Split(run, "\n")
	// cand is a deployment read as less (an upload to a staging
	// location), kept while a later line may deploy to production.
	cand, candWhy := tierNone, ""
	for _, p := range runPatterns {
		if p.tier <= best || p.tier <= cand {
			break
		}
		for _, l := range lines {
			if !p.mayMatch(l) || quietLine(l) {
				continue
			}
			var m string
			if p.re == testTool.re {
				m = toolMatch(p.re, l)
			} else {
				m = p.re.FindString(l)
			}
			if m == "" || snapshotOnly(st.Run, m) || diffCondition(l, m) || (p.tier == tierSign && strings.Contains(m, "verif")) {
				continue
			}
			if p.re == keyImport.re && (!signingKey.MatchString(l) || strings.Contains(l, "://")) {
				// A public key, or one downloaded: no signing.
				continue
			}
			t, what := p.tier, ""
			if p.tier == tierDeploy {
				t, what = uploadTier(l, m)
			}
			why := fmt.Sprintf("runs %q%s (%s)", strings.Join(strings.Fields(m), " "), what, stepAt(st, file))
			if t == p.tier {
				return t, why
			}
			if t > cand {
				cand, candWhy = t, why
			}
		}
	}
	if cand > best {
		return cand, candWhy
	}
	return tierNone, ""
}

// toolMatch returns the first match of re in line that is a word of its
// own (toolAt), "" if none is.
func toolMatch(re *regexp.Regexp, line string) string {
	for _, loc := range re.FindAllStringIndex(line, -1) {
		if toolAt(line, loc[0], loc[1]) && !helpOnly(line[loc[1]:]) {
			return line[loc[0]:loc[1]]
		}
	}
	return ""
}

// s3Dest matches an S3 location; the last one on a copy line is its
// destination when nothing but options follows it.
var s3Dest = regexp.MustCompile(`s3://([^\s"'$]|\$\{\{[^}]*\}\}|\$)+`)

// uploadTier reads where an "aws s3 cp/sync" line copies to: a bucket or
// prefix named for staging, development or previews (s3://dev-…) is a
// staging deployment. Anything else (a production location, a download,
// a line continued with "\"), and every other deploying command, stays a
// deployment. what says why.
func uploadTier(line, match string) (tier, string) {
	if taskTargetDeploy.re.MatchString(match) {
		// A task runner's target names where it publishes
		// (rake repository:upload:staging).
		if envStaging.MatchString(match) {
			return tierStage, ", a target named for a staging/development location"
		}
		return tierDeploy, ""
	}
	if !strings.HasPrefix(match, "aws") || strings.HasSuffix(strings.TrimSpace(line), "\\") {
		return tierDeploy, ""
	}
	locs := s3Dest.FindAllStringIndex(line, -1)
	if len(locs) == 0 {
		return tierDeploy, ""
	}
	last := locs[len(locs)-1]
	for _, f := range strings.Fields(line[last[1]:]) {
		if !strings.HasPrefix(f, "-") {
			return tierDeploy, ""
		}
	}
	if dest := line[last[0]:last[1]]; envStaging.MatchString(staticText(dest)) {
		return tierStage, " to " + dest + ", a staging/development location"
	}
	return tierDeploy, ""
}

// toolInstall matches a line that installs Go tools (go install
// pkg@version, go install tool): preparing the job, not building it.
var toolInstall = regexp.MustCompile(`^\s*go\s+install\s+(-\S+\s+)*(tool\b|\S+@\S+)(\s+\S+@\S+)*\s*$`)

// quietLine reports a script line that is no evidence: a comment (whose
// words, such as "# shellcheck disable=…", are not commands) or a tool
// installation.
func quietLine(l string) bool {
	t := strings.TrimSpace(l)
	return strings.HasPrefix(t, "#") || (strings.HasPrefix(t, "go") && toolInstall.MatchString(t))
}

// scriptRelease matches actions/github-script code that creates a tag or
// a release through the API: publishing, however it is spelled.
var scriptRelease = regexp.MustCompile(`(?s)\b(createRelease|git\.createTag)\b|\bcreateRef\(\{[^}]*refs/tags/`)

// stepAt says where a step is, as file:line: the step's own file (a
// called or included file) or the job's.
func stepAt(st Step, file string) string {
	if st.File != "" {
		file = st.File
	}
	return fmt.Sprintf("%s:%d", file, st.Line)
}

// stepWhere says where a step is: "line 12", or "file.yml:12" for a step
// of a called or included file.
func stepWhere(st Step) string {
	if st.File != "" {
		return fmt.Sprintf("%s:%d", st.File, st.Line)
	}
	return fmt.Sprintf("line %d", st.Line)
}

// pushDisabled: docker/build-push-action without push: true only builds.
func pushDisabled(st Step, t tier) bool {
	if t != tierPush || !strings.EqualFold(st.Uses, "docker/build-push-action") {
		return false
	}
	p := strings.TrimSpace(st.With["push"])
	return p == "" || p == "false"
}

// diffCondition reports a "git diff --exit-code" used as a condition
// ("if git diff …", "git diff --exit-code && echo unchanged || git push"):
// it decides what to do next, it does not fail the job on a change.
func diffCondition(line, match string) bool {
	if !strings.HasPrefix(match, "git") {
		return false
	}
	i := strings.Index(line, match)
	before, after := line[:i], line[i+len(match):]
	return strings.HasSuffix(strings.TrimSpace(before), "if") || strings.Contains(after, "&&") || strings.Contains(after, "||")
}

func snapshotOnly(run, match string) bool {
	return strings.HasPrefix(match, "goreleaser") && strings.Contains(run, "--snapshot")
}

// classify decides a job's stage from its evidence, and says why, with
// file:line. In order: the environment (deployment tier, then its name);
// a gate; a pull request as the job's only product (UNKNOWN); what the
// steps do, checked against the job's name (a name that promises
// deployment or signing over steps that only test or only coordinate is a
// conflict: UNKNOWN, saying what conflicted) and the triggers (release
// triggers, refs restricted to named branches or tags); strong evidence
// (called workflows' jobs; for GitLab the job's stage:, then its child
// pipeline's jobs); the name; weak evidence (a workflow named for tests);
// compiling. file is the job's file, envAt where its environment is
// written ("" when it comes from a called file); release describes the pipeline's
// triggers when all are release triggers ("" otherwise).
func classify(j *Job, file, envAt, release string, strong, weak []evidence) (Stage, string) {
	env := staticText(j.Environment)
	at := ""
	if envAt != "" {
		at = " (" + envAt + ")"
	}
	nameHint := jobNameEvidence(j)
	if nameHint.stage != "" {
		nameHint.why += fmt.Sprintf(" (%s:%d)", file, j.Line)
	}
	t, why := stepTier(j, file)
	switch j.Detail.DeploymentTier {
	case "production":
		return StageDeploy, fmt.Sprintf("Runs in environment %q%s, whose deployment tier is production", j.Environment, at)
	case "staging", "development":
		return StageStage, fmt.Sprintf("Runs in environment %q%s, whose deployment tier is %s", j.Environment, at, j.Detail.DeploymentTier)
	}
	if env != "" && t <= tierTest && nameHint.stage == StageTest && checkName.MatchString(j.Key+" "+j.Name) && (envStaging.MatchString(env) || envProd.MatchString(env)) {
		// A check run against what an environment holds (verifying the
		// published images): the environment says where, the name and
		// the steps, none of which deploys, say what.
		return StageTest, fmt.Sprintf("%s, and no step deploys, though it runs in environment %q%s", capitalize(nameHint.why), env, at)
	}
	if env != "" {
		switch {
		case envStaging.MatchString(env):
			return StageStage, fmt.Sprintf("Runs in environment %q%s, a staging/preview environment", env, at)
		case envProd.MatchString(env):
			return StageDeploy, fmt.Sprintf("Runs in environment %q%s, a production/publishing environment", env, at)
		}
	}
	if t == tierNone {
		if g := gateOnly(j, file); g != "" {
			return StageTest, "A gate: " + g
		}
	}
	if t <= tierCompile && j.Calls == "" && nameHint.stage != StageDeploy && nameHint.stage != StageStage && nameHint.stage != StageSign {
		if pr := opensPullRequest(j, file); pr != "" {
			// Regenerated files or an updated lock file proposed as a
			// pull request: repository automation, though the name says
			// "docs" or "build". A name that promises a release keeps its
			// weight: release jobs also open follow-up pull requests.
			return StageUnknown, fmt.Sprintf("Its product is a pull request (%s): no step tests, pushes artifacts, signs or publishes", pr)
		}
	}
	if ce := calledOf(strong); ce.stage != "" && t < calledTier(ce.stage) {
		// The called jobs were classified with their own evidence (a
		// signing job whose action is not in the repository): a call
		// is at least as privileged as its most privileged job, though
		// the steps read here only test.
		return ce.stage, capitalize(ce.why)
	}
	if t == tierDeploy && (nameHint.stage == StageStage || namedForTests(j)) {
		// Deploying in a job named for staging or tests is a deployment to
		// a staging/test environment, not production.
		return StageStage, capitalize(why) + " in a job named for staging or tests"
	}
	if t == tierTest && (nameHint.stage == StageDeploy || nameHint.stage == StageStage || nameHint.stage == StageSign) {
		if gs := gitlabStageOf(strong); gs.stage == StageBuild || gs.stage == StageTest {
			// The steps and the GitLab stage agree: a name such as
			// "build_release" names a build variant, not a deployment.
			return StageTest, fmt.Sprintf("%s, and %s: %s, but no step deploys", capitalize(why), gs.why, nameHint.why)
		}
		// The name promises more than the steps show: say so rather than
		// pick one.
		return StageUnknown, fmt.Sprintf("Conflicting evidence: %s, but it only %s", nameHint.why, why)
	}
	if t == tierNone && (nameHint.stage == StageDeploy || nameHint.stage == StageStage || nameHint.stage == StageSign) {
		if o := orchestrationOnly(j, file); o != "" {
			return StageUnknown, fmt.Sprintf("Conflicting evidence: %s, but its steps only coordinate (%s)", nameHint.why, o)
		}
		if nameHint.stage == StageDeploy {
			if release != "" {
				return StageDeploy, fmt.Sprintf("%s, and its workflow runs only on %s", capitalize(nameHint.why), release)
			}
			if j.ProtectedRefsOnly {
				return StageDeploy, fmt.Sprintf("%s, and it runs only for named branches or tags", capitalize(nameHint.why))
			}
			if slices.Contains(j.Detail.Triggers, "pull_request") && j.Detail.If == "" && j.Detail.GitLabStage == "" {
				// A GitHub job named for publishing that runs, with no
				// condition, for every pull request, and has no step that
				// publishes: the name alone does not outweigh that.
				return StageUnknown, fmt.Sprintf("Conflicting evidence: %s, but no step publishes and it runs for pull requests on any branch", nameHint.why)
			}
		}
		return nameHint.stage, capitalize(nameHint.why)
	}
	if t == tierPush && release != "" {
		// Pushing artifacts in a workflow that only runs for a release
		// publishes the release.
		return StageDeploy, fmt.Sprintf("%s, in a workflow that runs only on %s", capitalize(why), release)
	}
	if t > tierCompile {
		return t.stage(), capitalize(why)
	}
	if t == tierNone {
		if o := orchestrationOnly(j, file); o != "" {
			if nameHint.stage != "" {
				return StageUnknown, fmt.Sprintf("Its steps only coordinate other work (%s): %s, but that is no evidence of what it does", o, nameHint.why)
			}
			return StageUnknown, fmt.Sprintf("Its steps only coordinate other work (%s), which is none of build, test, signing or deployment", o)
		}
	}
	if ce, gs := calledOf(strong), gitlabStageOf(strong); ce.stage == StageBuild && t <= tierCompile && nameHint.stage != StageBuild && gs.stage == "" && calledHas(j, StageTest) {
		// Called jobs that build and test, and none pushes, signs or
		// publishes: like a job whose steps compile and test, the call
		// tests (regression tests that first build what they run). A
		// name saying build, or a GitLab stage, comes first.
		call, _, _ := strings.Cut(ce.why, ", whose")
		return StageTest, fmt.Sprintf("%s, whose jobs build and test, and no step pushes, signs or publishes", capitalize(call))
	}
	for _, e := range strong {
		if e.gitlabStage && e.stage == StageBuild && checkName.MatchString(j.Key+" "+j.Name) {
			// A build stage also holds the checks of what it built
			// ("rpm verify fips"): the name says which this job is.
			return StageTest, fmt.Sprintf("%s: a check, though %s", capitalize(nameHint.why), e.why)
		}
		if e.stage != StageUnknown && e.stage != "" {
			return e.stage, capitalize(e.why)
		}
	}
	if t == tierCompile && (nameHint.stage == StageDeploy || nameHint.stage == StageStage || nameHint.stage == StageSign) {
		return nameHint.stage, capitalize(nameHint.why)
	}
	if nameHint.stage != "" {
		return nameHint.stage, capitalize(nameHint.why)
	}
	for _, e := range weak {
		if e.stage != StageUnknown && e.stage != "" {
			return e.stage, capitalize(e.why)
		}
	}
	if t == tierCompile {
		return StageBuild, capitalize(why)
	}

	if env != "" {
		return StageUnknown, fmt.Sprintf("Runs in environment %q%s, which names no known stage, and its steps show no build, test, signing or deployment", env, at)
	}
	return StageUnknown, "No evidence: no environment, and neither its steps nor its name show build, test, signing or deployment"
}

// checkName matches a job name that says it checks something (not that
// it builds something for tests, like "build_test" or "Docker-QA").
var checkName = regexp.MustCompile(`(?i)(verif|check|validat|lint|scan|audit)`)

// calledOf returns the called jobs' evidence among strong evidence.
func calledOf(strong []evidence) evidence {
	for _, e := range strong {
		if e.called {
			return e
		}
	}
	return evidence{}
}

// calledTier is the step tier a called stage outranks: SIGN, STAGE and
// DEPLOY only (a called BUILD or TEST job says no more than the steps).
func calledTier(s Stage) tier {
	switch s {
	case StageSign:
		return tierSign
	case StageStage:
		return tierStage
	case StageDeploy:
		return tierDeploy
	}
	return tierNone
}

// calledHas reports whether one of the jobs j calls has stage s.
func calledHas(j *Job, s Stage) bool {
	for _, c := range j.Detail.CalledJobs {
		if Stage(c.Stage) == s {
			return true
		}
	}
	return false
}

// gitlabStageOf returns the GitLab stage: evidence among strong evidence.
func gitlabStageOf(strong []evidence) evidence {
	for _, e := range strong {
		if e.gitlabStage {
			return e
		}
	}
	return evidence{}
}

// prAction and prRun open a pull or merge request: create-pull-request
// actions (peter-evans/create-pull-request and the like), gh pr create,
// hub pull-request, glab mr create.
var (
	prAction = regexp.MustCompile(`^[\w.-]+/([\w.-]+/)*create-pull-request$`)
	prRun    = regexp.MustCompile(`\b(gh\s+pr\s+create|hub\s+pull-request|glab\s+mr\s+create)\b`)
)

// opensPullRequest returns where a job opens a pull request, "" if none
// of its steps does.
func opensPullRequest(j *Job, file string) string {
	for _, st := range j.Detail.Steps {
		if st.Uses != "" {
			u, _, _ := strings.Cut(strings.ToLower(st.Uses), "@")
			if prAction.MatchString(u) {
				return fmt.Sprintf("uses %s, %s", st.Uses, stepAt(st, file))
			}
		}
		if strings.Contains(st.Run, "create") || strings.Contains(st.Run, "pull-request") {
			if m := prRun.FindString(st.Run); m != "" {
				return fmt.Sprintf("runs %q, %s", strings.Join(strings.Fields(m), " "), stepAt(st, file))
			}
		}
	}
	return ""
}

// gateAction reports whether every needed job succeeded.
var gateAction = regexp.MustCompile(`^re-actors/alls-green`)

// exitLine and trivialLine match a gate's script lines: an exit with a
// status, and lines that only print or do nothing.
var (
	exitLine    = regexp.MustCompile(`^\s*exit\s+[1-9]\d*\s*;?\s*$`)
	trivialLine = regexp.MustCompile(`^\s*(#.*|exit\s+\d+\s*;?|echo\b.*|true|false|:)?\s*$`)
)

// gateOnly describes a job that only reports the result of the jobs it
// needs (a required-checks gate): it uses re-actors/alls-green, or a
// script reads the needs context's results, or, for a job with needs:,
// every step only exits with a status ("exit 1"). "" otherwise.
func gateOnly(j *Job, file string) string {
	exits := ""
	trivial := len(j.Needs) > 0 && len(j.Detail.Steps) > 0
	for _, st := range j.Detail.Steps {
		if st.Uses != "" && gateAction.MatchString(strings.ToLower(st.Uses)) {
			return fmt.Sprintf("uses %s to check the jobs it needs (%s)", st.Uses, stepAt(st, file))
		}
		if st.Run == "" {
			trivial = false
			continue
		}
		low := strings.ToLower(st.Run)
		if strings.Contains(low, "needs") && strings.Contains(low, "result") && strings.Contains(low, "exit 1") {
			return fmt.Sprintf("%s checks the results of the jobs it needs", stepAt(st, file))
		}
		for _, l := range strings.Split(st.Run, "\n") {
			if !trivialLine.MatchString(l) {
				trivial = false
			} else if exits == "" && exitLine.MatchString(l) {
				exits = stepAt(st, file)
			}
		}
	}
	if trivial && exits != "" {
		return fmt.Sprintf("its steps only exit with the status of the jobs it needs (%s, %s)", strings.Join(j.Needs, ", "), exits)
	}
	return ""
}

// orchestrationActions only coordinate: they filter paths, script the
// GitHub API, mint tokens, comment, label or notify.
var orchestrationActions = regexp.MustCompile(`^(actions/github-script|dorny/paths-filter|tj-actions/changed-files|actions/labeler|actions/stale|actions/create-github-app-token|tibdex/github-app-token|peter-evans/|marocchino/sticky-pull-request-comment|thollander/actions-comment-pull-request|slackapi/slack-github-action|jasonetco/create-an-issue|dessant/|actions-ecosystem/|docker://takanabe/|actions/first-interaction|kentaro-m/auto-assign-action|fkirc/skip-duplicate-actions|[\w.-]+/([\w.-]+/)*(release-pr|create-pull-request)$)`)

// neutralActions prepare a job and say nothing about what it does.
var neutralActions = regexp.MustCompile(`^(actions/checkout|step-security/harden-runner|actions/cache|actions/download-artifact|[\w.-]+/(action-)?setup-|[\w.-]+/action-setup|[\w.-]+/setup-[\w-]+|\./\.github/actions/setup)`)

// neutralRunLine matches a script line that installs dependencies or
// tools, which says nothing about what a job is for.
var neutralRunLine = regexp.MustCompile(`^\s*(#.*|(sudo\s+)?(apt-get|apt|brew|choco)\s+(-\S+\s+)*(update|install)\b.*|(npm|pnpm|yarn)\s+(install|ci)\b.*|(python3?\s+-m\s+)?pip3?\s+install\b.*|go\s+mod\s+download\b.*|go\s+install\s+(-\S+\s+)*(tool\b|\S+@\S+)(\s+\S+@\S+)*\s*|corepack\s+enable\b.*)?$`)

// neutralRun reports a script that only installs dependencies.
func neutralRun(run string) bool {
	for _, l := range strings.Split(run, "\n") {
		if !neutralRunLine.MatchString(l) {
			return false
		}
	}
	return true
}

// orchestrationRun matches commands that only coordinate: step outputs,
// and gh calls on issues, pull requests, runs and the API.
var orchestrationRun = regexp.MustCompile(`GITHUB_OUTPUT|GITHUB_ENV|GITHUB_STEP_SUMMARY|\bgh\s+(issue|pr|run|api|label)\b`)

// orchestrationOnly returns the first coordinating step ("uses
// dorny/paths-filter, line 12") when every step of a job either prepares
// it or coordinates, and at least one coordinates; "" otherwise.
func orchestrationOnly(j *Job, file string) string {
	first := ""
	for _, st := range j.Detail.Steps {
		switch {
		case st.Uses != "" && orchestrationActions.MatchString(strings.ToLower(st.Uses)):
			if first == "" {
				first = fmt.Sprintf("uses %s, %s", st.Uses, stepAt(st, file))
			}
		case st.Uses != "" && neutralActions.MatchString(strings.ToLower(st.Uses)):
		case st.Uses == "" && neutralRun(st.Run):
		case st.Uses == "" && st.Run != "" && orchestrationRun.MatchString(st.Run):
			if first == "" {
				first = fmt.Sprintf("%s writes step outputs or calls gh", stepAt(st, file))
			}
		default:
			return ""
		}
	}
	return first
}

// releaseTriggers names the release triggers of a job's pipeline (release,
// a tag push, registry_package) when it has only such triggers and manual
// dispatch; "" otherwise.
func releaseTriggers(j *Job) string {
	var rel []string
	for _, t := range j.Detail.Triggers {
		switch t {
		case "release", "registry_package", "tag":
			rel = append(rel, t)
		case "workflow_dispatch", "workflow_call", "web":
		default:
			return ""
		}
	}
	return strings.Join(rel, ", ")
}

// needsEvidence adds, to the reason of each DEPLOY job that publishes or
// is named for it, the build or signing job it runs after (needs:): a job
// that only runs once artifacts exist is the one that ships them.
func needsEvidence(jobs []Job) {
	byKey := make(map[string]Stage, len(jobs))
	for _, j := range jobs {
		byKey[j.Key] = j.Stage
	}
	for i, j := range jobs {
		if j.Stage != StageDeploy || strings.HasPrefix(j.StageReason, "Runs in environment") {
			continue
		}
		for _, n := range j.Needs {
			if st := byKey[n]; st == StageBuild || st == StageSign {
				jobs[i].StageReason += fmt.Sprintf("; it runs after %s job %q", strings.ToLower(string(st)), n)
				break
			}
		}
	}
}

// dynamicPart matches ${{ … }}, ${VAR} and $VAR inside a name.
var dynamicPart = regexp.MustCompile(`\$\{\{[^}]*\}\}|\$\{[A-Za-z0-9_]+\}|\$[A-Za-z0-9_]+`)

// staticText returns the literal part of a name that may hold expressions
// or variables ("review/$CI_COMMIT_REF_SLUG" -> "review/").
func staticText(s string) string {
	return strings.TrimSpace(dynamicPart.ReplaceAllString(s, " "))
}

// jobNameEvidence returns what a job's key says, else its display name.
func jobNameEvidence(j *Job) evidence {
	if e := nameEvidence(j.Key); e.stage != "" || j.Name == j.Key {
		return e
	}
	return nameEvidence(staticText(j.Name))
}

// toolNames removes tool names that contain stage words.
var toolNames = strings.NewReplacer("goreleaser", "", "GoReleaser", "")

// namedForTests reports a job whose key or name says it tests.
func namedForTests(j *Job) bool {
	for _, ns := range nameStage {
		if ns.stage == StageTest {
			return ns.re.MatchString(j.Key) || ns.re.MatchString(j.Name)
		}
	}
	return false
}

func nameEvidence(name string) evidence {
	name = strings.TrimSpace(name)
	// "goreleaser" names a tool, not a release.
	name = toolNames.Replace(name)
	for _, ns := range nameStage {
		if m := ns.re.FindString(name); m != "" {
			return evidence{stage: ns.stage, why: fmt.Sprintf("its name %q says %q", strings.TrimSpace(name), strings.ToLower(m))}
		}
	}
	return evidence{}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// classifyGitHub adds the stages of called workflow jobs as evidence, and
// the workflow's name as the weakest evidence.
func classifyGitHub(j *Job, workflowName, file, envAt, release string) (Stage, string) {
	var extra, weak []evidence
	if best := calledStage(j); best != "" {
		extra = append(extra, evidence{stage: best, why: fmt.Sprintf("calls %s, whose most privileged job is %s", j.Calls, best), called: true})
	}
	// A workflow named for tests (e.g. "Benchmarks", "Test wheels") holds
	// test jobs; other workflow names ("Release", "Deployment") name the
	// goal of several jobs, not what each does.
	if e := nameEvidence(staticText(workflowName)); e.stage == StageTest {
		weak = append(weak, evidence{stage: e.stage, why: fmt.Sprintf("its workflow's name %q (%s) says %s", workflowName, file, strings.TrimPrefix(e.why, "its name "+strconv.Quote(strings.TrimSpace(toolNames.Replace(staticText(workflowName))))+" says "))})
	}
	return classify(j, file, envAt, release, extra, weak)
}

// calledStage returns the most privileged stage of the called jobs.
func calledStage(j *Job) Stage {
	order := []Stage{StageDeploy, StageStage, StageSign, StageBuild, StageTest}
	for _, s := range order {
		for _, c := range j.Detail.CalledJobs {
			if Stage(c.Stage) == s {
				return s
			}
		}
	}
	return ""
}

// classifyGitLab adds the stages of a child pipeline's jobs and the GitLab
// stage: as evidence, the latter when it is written (the implicit "test"
// is no evidence).
func classifyGitLab(j *Job, file, envAt string, explicitStage bool, stageAt string) (Stage, string) {
	var extra, weak []evidence
	if s := j.Detail.GitLabStage; s != "" && explicitStage {
		if e := nameEvidence(s); e.stage != "" {
			why := fmt.Sprintf("its GitLab stage is %q (%s)", s, stageAt)
			around := aroundStage.MatchString(s)
			if around {
				why += ", a stage around that step"
			}
			if j.Manual && (e.stage == StageDeploy || e.stage == StageStage) {
				// A manual job in a deploy stage is a gated deployment.
				why += ", and it runs only when started by hand (when: manual)"
			}
			if around {
				// "postrelease", "pre-build": the stage runs around that
				// step (checks, notices) rather than doing it, so it is
				// weaker than the job's own name.
				weak = append(weak, evidence{stage: e.stage, why: why})
			} else {
				extra = append(extra, evidence{stage: e.stage, why: why, gitlabStage: true})
			}
		}
	}
	// The child pipeline's jobs come after the job's own stage: that was
	// written for this trigger, the child's stages for the child's jobs.
	if best := calledStage(j); best != "" {
		extra = append(extra, evidence{stage: best, why: fmt.Sprintf("triggers child pipeline %s, whose most privileged job is %s", j.Calls, best), called: true})
	}
	return classify(j, file, envAt, releaseTriggers(j), extra, weak)
}

// aroundStage matches a GitLab stage named for what comes before or after
// a step (pre-build, postrelease, post-test).
var aroundStage = regexp.MustCompile(`(?i)^(pre|post)[-_ ]?(release|build|test|deploy|publish|package|sign|stag|qa|merge|install)`)
