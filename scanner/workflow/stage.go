package workflow

import (
	"fmt"
	"regexp"
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
	{tierDeploy, regexp.MustCompile(`\b(kubectl\s+(apply|rollout|set\s+image|create|replace|patch)|helm\s+(upgrade|install)|terraform\s+apply|gcloud\s+(run\s+deploy|app\s+deploy|functions\s+deploy|deploy)|az\s+(webapp|functionapp)\s+deploy|(npm|yarn|pnpm)\s+publish|twine\s+upload|uv\s+publish|poetry\s+publish|cargo\s+publish|gem\s+push|gh\s+release\s+(create|upload|edit)|mvn\s+[^\n]*\bdeploy\b|gradlew?\s+[^\n]*\bpublish|goreleaser\s+release|flyctl\s+deploy|vercel\s+deploy|netlify\s+deploy|aws\s+(--\S+\s+)*s3\s+(sync|cp)|release-cli\s+create|snapcraft\s+(upload|push)|glab\s+release\s+create|ghr\s)`), []string{"kubectl", "helm", "terraform", "gcloud", "az ", "publish", "twine", "gem ", "gh ", "mvn", "gradle", "goreleaser", "flyctl", "vercel", "netlify", "aws", "release-cli", "snapcraft", "glab", "ghr"}},
	{tierSign, regexp.MustCompile(`\b(cosign\s+(sign|attest)|gpg\s+[^\n]*(--sign|--detach-sign|--clearsign|-[a-z]*s[a-z]*b)|notation\s+sign|codesign\s|signtool(\.exe)?\s+sign|rpmsign|debsign|minisign\s+-S|make\s+(sign[\w-]*|[\w-]*-sign[\w-]*)|[/\\]sign(\.ps1|\.sh)?\s)`), []string{"cosign", "gpg", "notation", "codesign", "signtool", "rpmsign", "debsign", "minisign", "sign"}},
	{tierPush, regexp.MustCompile(`\b(docker\s+(image\s+)?push|docker\s+buildx\s+build[^\n]*--push|podman\s+push|crane\s+(push|copy|cp)|skopeo\s+copy|ko\s+(publish|resolve|apply)|buildah\s+push|oras\s+push|jib\b)`), []string{"docker", "podman", "crane", "skopeo", "ko ", "buildah", "oras", "jib"}},
	{tierTest, regexp.MustCompile(`\b(go\s+test|gotestsum|pytest|tox|nox|(npm|yarn|pnpm)\s+(run\s+)?(test|lint|check|typecheck|e2e)|vitest|jest|cargo\s+(test|clippy|fmt|nextest|deny|audit)|make\s+(test|check|lint|unit|integration|e2e|vet|fmt)|golangci-lint|go\s+vet|staticcheck|ruff|mypy|eslint|prettier\s+--check|shellcheck|pre-commit|ctest|mvn\s+[^\n]*\b(test|verify)\b|gradlew?\s+[^\n]*\b(test|check)\b|trivy\s+(image|fs|repo|config|k8s|sbom|filesystem|rootfs)|grype|snyk|semgrep|codeql|actionlint|hadolint|zizmor|flake8|pylint|black\s+--check|rspec|phpunit|bats|codespell|yamllint|markdownlint|lychee|govulncheck|helm\s+lint|terraform\s+(validate|fmt\s+-check|plan)|kubeconform|kubeval|cosign\s+verify|gh\s+attestation\s+verify|slsa-verifier\s+verify)`), []string{"go ", "gotestsum", "pytest", "tox", "nox", "npm", "yarn", "pnpm", "vitest", "jest", "cargo", "make", "golangci-lint", "staticcheck", "ruff", "mypy", "eslint", "prettier", "shellcheck", "pre-commit", "ctest", "mvn", "gradle", "trivy", "grype", "snyk", "semgrep", "codeql", "actionlint", "hadolint", "zizmor", "flake8", "pylint", "black", "rspec", "phpunit", "bats", "codespell", "yamllint", "markdownlint", "lychee", "govulncheck", "helm", "terraform", "kubeconform", "kubeval", "cosign", "gh ", "slsa-verifier"}},
	{tierCompile, regexp.MustCompile(`\b(go\s+build|go\s+install|cargo\s+build|make\b|cmake|ninja|meson|bazel\s+build|(npm|yarn|pnpm)\s+(run\s+)?build|mvn\s+[^\n]*\b(package|install|compile)\b|gradlew?\s+[^\n]*\b(build|assemble)\b|python\s+-m\s+build|pip\s+wheel|docker\s+(buildx\s+)?build|podman\s+build|goreleaser\s+(build|[^\n]*--snapshot)|hugo|mkdocs\s+build|sphinx-build|uv\s+build|maturin\s+build|dotnet\s+(build|publish))`), []string{"go ", "cargo", "make", "cmake", "ninja", "meson", "bazel", "npm", "yarn", "pnpm", "mvn", "gradle", "python", "pip", "docker", "podman", "goreleaser", "hugo", "mkdocs", "sphinx-build", "uv ", "maturin", "dotnet"}},
}

// actionPatterns match uses: owner/name[/path] (lower-cased).
var actionPatterns = []stepPattern{
	{tierDeploy, regexp.MustCompile(`^(pypa/gh-action-pypi-publish|softprops/action-gh-release|ncipollo/release-action|actions/deploy-pages|peaceiris/actions-gh-pages|jamesives/github-pages-deploy-action|azure/webapps-deploy|azure/functions-action|azure/k8s-deploy|google-github-actions/deploy-|aws-actions/amazon-ecs-deploy-task-definition|helm/chart-releaser-action|changesets/action|mislav/bump-homebrew-formula-action|dawidd6/action-homebrew-bump-formula|cloudflare/wrangler-action|amondnet/vercel-action|actions/create-release|actions/upload-release-asset|svenstaro/upload-release-action|rust-lang/crates-io-auth-action|googleapis/release-please-action|google-github-actions/release-please-action|marvinpinto/action-automatic-releases|appleboy/ssh-action|burnett01/rsync-deployments|superfly/flyctl-actions)`), nil},
	{tierSign, regexp.MustCompile(`^(actions/attest-build-provenance|actions/attest-sbom|actions/attest|slsa-framework/slsa-github-generator|sigstore/gh-action-sigstore-python|crazy-max/ghaction-import-gpg|azure/trusted-signing-action|dlemstra/code-sign-action)`), nil},
	{tierPush, regexp.MustCompile(`^(docker/build-push-action|redhat-actions/push-to-registry|docker/bake-action)`), nil},
	{tierTest, regexp.MustCompile(`^(github/codeql-action|ossf/scorecard-action|aquasecurity/trivy-action|anchore/scan-action|actions/dependency-review-action|golangci/golangci-lint-action|codecov/codecov-action|coverallsapp/github-action|zizmorcore/zizmor-action|rhysd/actionlint|reviewdog/|super-linter/|github/super-linter|pre-commit/action|snyk/actions|astral-sh/ruff-action|chartboost/ruff-action|hadolint/hadolint-action|ludeeus/action-shellcheck|codespell-project/codespell-problem-matcher|codespell-project/actions-codespell|crate-ci/typos|lycheeverse/lychee-action|dorny/test-reporter|mikepenz/action-junit-report|kubevious/cli|slsa-framework/slsa-verifier|helm/chart-testing-action|returntocorp/semgrep-action|semgrep/semgrep-action)`), nil},
	{tierCompile, regexp.MustCompile(`^(actions/upload-artifact|goreleaser/goreleaser-action|docker/setup-buildx-action|pypa/cibuildwheel|pyo3/maturin-action|actions/upload-pages-artifact|rust-build/rust-build.action)`), nil},
}

var (
	envProd    = regexp.MustCompile(`(?i)\b(prod|production|live|stable|release|releases|publish|publishing|pypi|npm|crates|maven[-_]?publish|docker[-_]?publish|homebrew|deploy|deployment|cd)\b`)
	envStaging = regexp.MustCompile(`(?i)\b(staging|stage|preview|review|dev|development|sandbox|uat|qa|canary|nightly|pr-\d+|test-?pypi|testpypi)\b`)
	nameStage  = []struct {
		stage Stage
		re    *regexp.Regexp
	}{
		{StageStage, regexp.MustCompile(`(?i)(staging|preview|review[-_ ]app|deploy[-_ :]*(dev|stg|staging|preview|review|canary)|canary)`)},
		{StageDeploy, regexp.MustCompile(`(?i)(deploy|release|publish|promote|production|upload[-_ ]to|push[-_ ]to[-_ ](pypi|npm|crates)|homebrew|bump[-_ ]formula|pages)`)},
		{StageSign, regexp.MustCompile(`(?i)(sign|provenance|attest|notari[sz]e|slsa)`)},
		{StageTest, regexp.MustCompile(`(?i)(test|lint|check|vet|scan|codeql|analy[sz]e|scorecard|coverage|e2e|integration|verif|validat|fuzz|semgrep|audit|security|zizmor|format|fmt|spell|style|typecheck|qa|benchmark|bench|conformance|smoke|sast|secret[-_ ]detection|dependency[-_ ]scanning|code[-_ ]quality|danger)`)},
		{StageBuild, regexp.MustCompile(`(?i)(build|compile|package|image|container|docker|dist|wheel|artifact|binar|bundle|snapshot|docs|prepare|cache|generate)`)},
	}
)

// evidence is what the classifier saw in a job.
type evidence struct {
	stage Stage
	why   string
}

// stepTier returns the strongest step evidence of a job.
func stepTier(j *Job) (tier, string) {
	best, why := tierNone, ""
	for _, st := range j.Detail.Steps {
		if st.Uses != "" {
			u := strings.ToLower(st.Uses)
			if strings.EqualFold(st.Uses, "goreleaser/goreleaser-action") && strings.Contains(st.With["args"], "release") && !strings.Contains(st.With["args"], "--snapshot") && best < tierDeploy {
				best, why = tierDeploy, fmt.Sprintf("uses %s with args %q (%s)", st.Uses, strings.Join(strings.Fields(st.With["args"]), " "), stepWhere(st))
			}
			for _, p := range actionPatterns {
				if p.tier > best && p.re.MatchString(u) && !pushDisabled(st, p.tier) {
					best, why = p.tier, fmt.Sprintf("uses %s (%s)", st.Uses, stepWhere(st))
				}
			}
		}
		if st.Run != "" {
			if t, w := runTier(st, best); t > best {
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
func runTier(st Step, best tier) (tier, string) {
	run := st.Run
	if strings.Contains(run, "-x ") {
		run = gradleExclude.ReplaceAllString(run, "")
	}
	lines := strings.Split(run, "\n")
	for _, p := range runPatterns {
		if p.tier <= best {
			break
		}
		for _, l := range lines {
			if !p.mayMatch(l) {
				continue
			}
			if m := p.re.FindString(l); m != "" && !snapshotOnly(st.Run, m) {
				return p.tier, fmt.Sprintf("runs %q (%s)", strings.Join(strings.Fields(m), " "), stepWhere(st))
			}
		}
	}
	return tierNone, ""
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

func snapshotOnly(run, match string) bool {
	return strings.HasPrefix(match, "goreleaser") && strings.Contains(run, "--snapshot")
}

// classify decides a job's stage from its environment, steps, GitLab
// stage, name and called jobs, and says why.
func classify(j *Job, extra []evidence) (Stage, string) {
	env := staticText(j.Environment)
	nameHint := nameEvidence(j.Key)
	if nameHint.stage == "" && j.Name != j.Key {
		nameHint = nameEvidence(j.Name)
	}
	t, why := stepTier(j)
	switch j.Detail.DeploymentTier {
	case "production":
		return StageDeploy, fmt.Sprintf("Runs in environment %q, whose deployment tier is production", j.Environment)
	case "staging", "development":
		return StageStage, fmt.Sprintf("Runs in environment %q, whose deployment tier is %s", j.Environment, j.Detail.DeploymentTier)
	}
	if env != "" {
		switch {
		case envStaging.MatchString(env):
			return StageStage, fmt.Sprintf("Runs in environment %q, a staging/preview environment", env)
		case envProd.MatchString(env):
			return StageDeploy, fmt.Sprintf("Runs in environment %q, a production/publishing environment", env)
		}
	}
	if t == tierDeploy && (nameHint.stage == StageStage || namedForTests(j)) {
		// Deploying in a job named for staging or tests is a deployment to
		// a staging/test environment, not production.
		return StageStage, capitalize(why) + " in a job named for staging or tests"
	}
	if t <= tierTest && (nameHint.stage == StageDeploy || nameHint.stage == StageStage || nameHint.stage == StageSign) {
		return nameHint.stage, capitalize(nameHint.why)
	}
	if t > tierCompile {
		return t.stage(), capitalize(why)
	}
	for _, e := range extra {
		if e.stage != StageUnknown && e.stage != "" {
			return e.stage, capitalize(e.why)
		}
	}
	if nameHint.stage != "" {
		return nameHint.stage, capitalize(nameHint.why)
	}
	if t == tierCompile {
		return StageBuild, capitalize(why)
	}

	if env != "" {
		return StageUnknown, fmt.Sprintf("Runs in environment %q, which names no known stage, and its steps show no build, test, signing or deployment", env)
	}
	return StageUnknown, "No evidence: no environment, and neither its steps nor its name show build, test, signing or deployment"
}

// dynamicPart matches ${{ … }}, ${VAR} and $VAR inside a name.
var dynamicPart = regexp.MustCompile(`\$\{\{[^}]*\}\}|\$\{[A-Za-z0-9_]+\}|\$[A-Za-z0-9_]+`)

// staticText returns the literal part of a name that may hold expressions
// or variables ("review/$CI_COMMIT_REF_SLUG" -> "review/").
func staticText(s string) string {
	return strings.TrimSpace(dynamicPart.ReplaceAllString(s, " "))
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

// classifyGitHub adds the stages of called workflow jobs as evidence.
func classifyGitHub(j *Job) (Stage, string) {
	var extra []evidence
	if best := calledStage(j); best != "" {
		extra = append(extra, evidence{stage: best, why: fmt.Sprintf("calls %s, whose most privileged job is %s", j.Calls, best)})
	}
	return classify(j, extra)
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

// classifyGitLab adds the GitLab stage: as evidence when it is written
// (the implicit "test" is no evidence).
func classifyGitLab(j *Job, explicitStage bool) (Stage, string) {
	var extra []evidence
	if s := j.Detail.GitLabStage; s != "" && explicitStage {
		if e := nameEvidence(s); e.stage != "" {
			extra = append(extra, evidence{stage: e.stage, why: fmt.Sprintf("its GitLab stage is %q", s)})
		}
	}
	return classify(j, extra)
}
