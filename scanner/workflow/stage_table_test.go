package workflow

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// stageLabel is one corpus job with the stage a reader assigned it.
type stageLabel struct {
	file string // owner__repo/path
	job  string
	want Stage
}

// stageLabels are corpus jobs with the stage assigned by reading each job
// (its steps, environment, name and GitLab stage), not by running the
// classifier. Convention: the most privileged thing the job does decides
// (a job that builds, signs and publishes a release is DEPLOY); automation
// that is none of the five (triage, labelling, bots) is UNKNOWN.
var stageLabels = []stageLabel{
	// sigstore/cosign
	{"sigstore__cosign/.github/workflows/build.yaml", "build", StageSign}, // make sign-ci-containers
	{"sigstore__cosign/.github/workflows/conformance.yml", "conformance", StageTest},
	{"sigstore__cosign/.github/workflows/cut-release.yml", "cut-release", StageDeploy},
	{"sigstore__cosign/.github/workflows/depsreview.yml", "dependency-review", StageTest},
	{"sigstore__cosign/.github/workflows/e2e-tests.yml", "e2e-cross", StageTest},
	{"sigstore__cosign/.github/workflows/e2e-tests.yml", "e2e-kms", StageTest},
	{"sigstore__cosign/.github/workflows/e2e-tests.yml", "e2e-registry", StageTest},
	{"sigstore__cosign/.github/workflows/e2e-with-binary.yml", "e2e-tests-with-binary", StageTest},
	{"sigstore__cosign/.github/workflows/github-oidc.yaml", "build", StageSign}, // make sign-ci-keyless-containers
	{"sigstore__cosign/.github/workflows/scorecard-action.yml", "analysis", StageTest},
	{"sigstore__cosign/.github/workflows/tests.yaml", "unit-tests", StageTest},
	{"sigstore__cosign/.github/workflows/tests.yaml", "e2e-tests", StageTest},
	{"sigstore__cosign/.github/workflows/tests.yaml", "license-check", StageTest},
	// cli/cli
	{"cli__cli/.github/workflows/codeql.yml", "CodeQL-Build", StageTest},
	{"cli__cli/.github/workflows/deployment.yml", "linux", StageBuild},  // release binaries -> artifact
	{"cli__cli/.github/workflows/deployment.yml", "macos", StageSign},   // script/sign, notarize
	{"cli__cli/.github/workflows/deployment.yml", "windows", StageSign}, // Azure code signing
	{"cli__cli/.github/workflows/deployment.yml", "release", StageDeploy},
	{"cli__cli/.github/workflows/go.yml", "build", StageTest}, // go test then go build
	{"cli__cli/.github/workflows/go.yml", "integration-tests", StageTest},
	{"cli__cli/.github/workflows/homebrew-bump.yml", "bump", StageDeploy},
	{"cli__cli/.github/workflows/lint.yml", "lint", StageTest},
	{"cli__cli/.github/workflows/issueauto.yml", "issue-auto", StageUnknown},
	{"cli__cli/.github/workflows/prauto.yml", "pr-auto", StageUnknown},
	{"cli__cli/.github/workflows/triage.yml", "issue", StageUnknown},
	// pallets/flask
	{"pallets__flask/.github/workflows/lock.yaml", "lock", StageUnknown},
	{"pallets__flask/.github/workflows/pre-commit.yaml", "main", StageTest},
	{"pallets__flask/.github/workflows/publish.yaml", "build", StageBuild},
	{"pallets__flask/.github/workflows/publish.yaml", "create-release", StageDeploy},
	{"pallets__flask/.github/workflows/publish.yaml", "publish-pypi", StageDeploy},
	{"pallets__flask/.github/workflows/tests.yaml", "tests", StageTest},
	{"pallets__flask/.github/workflows/tests.yaml", "typing", StageTest},
	{"pallets__flask/.github/workflows/zizmor.yaml", "zizmor", StageTest},
	// GoogleCloudPlatform/microservices-demo
	{"GoogleCloudPlatform__microservices-demo/.github/workflows/ci-main.yaml", "code-tests", StageTest},
	{"GoogleCloudPlatform__microservices-demo/.github/workflows/ci-pr.yaml", "code-tests", StageTest},
	{"GoogleCloudPlatform__microservices-demo/.github/workflows/ci-main.yaml", "deployment-tests", StageStage}, // PR namespace on the staging cluster
	{"GoogleCloudPlatform__microservices-demo/.github/workflows/cleanup.yaml", "cleanup-namespace", StageStage},
	{"GoogleCloudPlatform__microservices-demo/.github/workflows/deploy-pr.yaml", "deployment-tests", StageStage},
	{"GoogleCloudPlatform__microservices-demo/.github/workflows/helm-chart-ci.yaml", "helm-chart-ci", StageTest},
	{"GoogleCloudPlatform__microservices-demo/.github/workflows/kubevious-manifests-ci.yaml", "kubevious-manifests-ci", StageTest},
	{"GoogleCloudPlatform__microservices-demo/.github/workflows/terraform-validate-ci.yaml", "terraform-validate-ci", StageTest},
	{"GoogleCloudPlatform__microservices-demo/.github/workflows/make-release.yaml", "build-and-release", StageDeploy},
	// goreleaser/goreleaser
	{"goreleaser__goreleaser/.github/workflows/build.yml", "license-check", StageTest},
	{"goreleaser__goreleaser/.github/workflows/build.yml", "semgrep", StageTest},
	{"goreleaser__goreleaser/.github/workflows/build.yml", "test", StageTest},
	{"goreleaser__goreleaser/.github/workflows/build.yml", "check", StageTest},
	{"goreleaser__goreleaser/.github/workflows/milestone.yml", "milestone", StageUnknown},
	{"goreleaser__goreleaser/.github/workflows/nightly-oss.yml", "goreleaser", StageDeploy},
	{"goreleaser__goreleaser/.github/workflows/release.yml", "verify", StageTest},
	{"goreleaser__goreleaser/.github/workflows/release.yml", "goreleaser-check-pkgs", StageTest},
	{"goreleaser__goreleaser/.github/workflows/release.yml", "goreleaser", StageDeploy},
	{"goreleaser__goreleaser/.github/workflows/scorecard.yml", "analysis", StageTest},
	// ossf/scorecard
	{"ossf__scorecard/.github/workflows/goreleaser.yaml", "goreleaser", StageDeploy},
	{"ossf__scorecard/.github/workflows/goreleaser.yaml", "provenance", StageSign},
	{"ossf__scorecard/.github/workflows/goreleaser.yaml", "verification", StageTest},
	// prometheus/prometheus
	{"prometheus__prometheus/.github/workflows/buf.yml", "buf", StageDeploy}, // lint and publish to the buf registry
	{"prometheus__prometheus/.github/workflows/ci.yml", "test_go", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "test_go_more", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "test_go_386", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "test_go_oldest", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "test_ui", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "test_windows", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "test_mixins", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "test-compliance", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "build", StageBuild},
	{"prometheus__prometheus/.github/workflows/ci.yml", "build_all", StageBuild},
	{"prometheus__prometheus/.github/workflows/ci.yml", "check_generated_parser", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "golangci", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "fuzzing", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "codeql", StageTest},
	{"prometheus__prometheus/.github/workflows/ci.yml", "publish_release", StageDeploy},
	{"prometheus__prometheus/.github/workflows/ci.yml", "publish_ui_release", StageDeploy},
	{"prometheus__prometheus/.github/workflows/codeql-analysis.yml", "analyze", StageTest},
	{"prometheus__prometheus/.github/workflows/fuzzing.yml", "fuzzing", StageTest},
	{"prometheus__prometheus/.github/workflows/scorecards.yml", "analysis", StageTest},
	{"prometheus__prometheus/.github/workflows/automerge-dependabot.yml", "dependabot", StageUnknown},
	// apache/iceberg
	{"apache__iceberg/.github/workflows/cve-scan.yml", "cve-scan", StageTest},
	{"apache__iceberg/.github/workflows/java-ci.yml", "core-tests", StageTest},
	{"apache__iceberg/.github/workflows/java-ci.yml", "build-checks", StageBuild},
	{"apache__iceberg/.github/workflows/java-ci.yml", "build-javadoc", StageBuild},
	{"apache__iceberg/.github/workflows/java-ci.yml", "check-runtime-deps", StageTest},
	{"apache__iceberg/.github/workflows/labeler.yml", "triage", StageUnknown},
	{"apache__iceberg/.github/workflows/publish-iceberg-rest-fixture-docker.yml", "build", StageDeploy},
	{"apache__iceberg/.github/workflows/publish-snapshot.yml", "publish-snapshot", StageDeploy},
	{"apache__iceberg/.github/workflows/site-ci.yml", "deploy", StageDeploy},
	{"apache__iceberg/.github/workflows/zizmor.yml", "zizmor", StageTest},
	// vitejs/vite
	{"vitejs__vite/.github/workflows/publish.yml", "publish-release", StageDeploy},
	{"vitejs__vite/.github/workflows/ci.yml", "test", StageTest},
	{"vitejs__vite/.github/workflows/ci.yml", "lint", StageTest},
	{"vitejs__vite/.github/workflows/ci.yml", "changed", StageUnknown},
	// gitlab-org/cli
	{"gitlab-org__cli/.gitlab-ci.yml", "check_docs_update", StageTest},
	{"gitlab-org__cli/.gitlab-ci.yml", "check_docs_markdown", StageTest},
	{"gitlab-org__cli/.gitlab-ci.yml", "docs hugo_build", StageBuild},
	{"gitlab-org__cli/.gitlab-ci.yml", "check_go_generated_code", StageTest},
	{"gitlab-org__cli/.gitlab-ci.yml", "lint_commit", StageTest},
	{"gitlab-org__cli/.gitlab-ci.yml", "lint", StageTest},
	{"gitlab-org__cli/.gitlab-ci.yml", "tests:unit", StageTest},
	{"gitlab-org__cli/.gitlab-ci.yml", "tests:integration", StageTest},
	{"gitlab-org__cli/.gitlab-ci.yml", "build_test", StageBuild},
	{"gitlab-org__cli/.gitlab-ci.yml", "release", StageDeploy},
	{"gitlab-org__cli/.gitlab-ci.yml", "homebrew-release", StageDeploy},
	{"gitlab-org__cli/.gitlab-ci.yml", "windows_installer", StageBuild},
	{"gitlab-org__cli/.gitlab-ci.yml", "build_windows", StageBuild},
	{"gitlab-org__cli/.gitlab-ci.yml", "sign_windows_glab", StageSign},
	{"gitlab-org__cli/.gitlab-ci.yml", "sign_windows_installer", StageSign},
	{"gitlab-org__cli/.gitlab-ci.yml", "snapcraft_build_stable", StageBuild},
	{"gitlab-org__cli/.gitlab-ci.yml", "snapcraft_release_stable", StageDeploy},
	{"gitlab-org__cli/.gitlab-ci.yml", "snapcraft_release_edge", StageDeploy},
	// gitlab-org/gitlab-shell
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "modules:download", StageBuild},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "tests", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "tests_without_cgo", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "race", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "acceptance", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "check_gitaly_version", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "semgrep-sast", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "secret_detection", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "modules:tidy", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "lint", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "nilaway", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "logging-field-validator", StageTest},
}

// stageLabelsHeldOut were labelled the same way after the classifier's
// patterns were last tuned, and were not used to tune them: their accuracy
// is the honest estimate.
var stageLabelsHeldOut = []stageLabel{
	{"vitejs__vite/.github/workflows/publish.yml", "detect-release", StageUnknown},
	{"aws-actions__configure-aws-credentials/.github/workflows/automerge-approved-prs.yml", "approved_pr", StageUnknown},
	{"aws-actions__configure-aws-credentials/.github/workflows/cawsc-test.yml", "cawsc", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/close-stale-issues.yml", "cleanup", StageUnknown},
	{"aws-actions__configure-aws-credentials/.github/workflows/dependabot-autoapprove.yml", "dependabot", StageUnknown},
	{"aws-actions__configure-aws-credentials/.github/workflows/package-dist.yml", "package", StageBuild},
	{"aws-actions__configure-aws-credentials/.github/workflows/pull-request-lint.yml", "validate", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/release-please.yml", "release-please", StageDeploy},
	{"aws-actions__configure-aws-credentials/.github/workflows/tests-integ-push.yml", "package_and_test", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/tests-integ-release.yml", "oidc", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/tests-integ-release.yml", "static_assumeRole", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/tests-integ-release.yml", "role_chaining", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/tests-integ-release.yml", "inline_policy", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/tests-integ-release.yml", "http-proxy", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/tests-integ-release.yml", "token-file", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/tests-integ-release.yml", "profile-oidc", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/tests-unit.yml", "unit-test", StageTest},
	{"aws-actions__configure-aws-credentials/.github/workflows/tests-unit.yml", "lint", StageTest},
	{"tinygrad__tinygrad/.github/workflows/python-publish.yml", "deploy", StageDeploy},
	{"tinygrad__tinygrad/.github/workflows/docs.yml", "deploy", StageDeploy}, // mkdocs gh-deploy
	{"external-secrets__external-secrets/.github/workflows/publish.yml", "build-publish", StageBuild},
	{"external-secrets__external-secrets/.github/workflows/publish.yml", "sign", StageSign},
	{"external-secrets__external-secrets/.github/workflows/release.yml", "release", StageDeploy},
	{"external-secrets__external-secrets/.github/workflows/release.yml", "promote", StageDeploy},
	{"kubernetes__ingress-nginx/.github/workflows/images.yaml", "changes", StageUnknown},
	{"kubernetes__ingress-nginx/.github/workflows/images.yaml", "kube-webhook-certgen", StageTest},
	{"kubernetes__ingress-nginx/.github/workflows/images.yaml", "nginx", StageBuild}, // buildx --push
	{"mozilla__sccache/.github/workflows/benchmarks.yml", "benchmarks", StageTest},
	{"mozilla__sccache/.github/workflows/ci.yml", "lint", StageTest},
	{"mozilla__sccache/.github/workflows/ci.yml", "check_features", StageTest},
	{"mozilla__sccache/.github/workflows/ci.yml", "toml_format", StageTest},
	{"mozilla__sccache/.github/workflows/ci.yml", "test", StageTest},
	{"mozilla__sccache/.github/workflows/ci.yml", "build", StageBuild},
	{"mozilla__sccache/.github/workflows/ci.yml", "test_freebsd", StageTest},
	{"mozilla__sccache/.github/workflows/ci.yml", "release", StageDeploy},
	{"mozilla__sccache/.github/workflows/close-snap.yml", "close", StageUnknown},
	{"mozilla__sccache/.github/workflows/integration-tests.yml", "build", StageBuild},
	{"astral-sh__ruff/.github/workflows/release.yml", "build-global-artifacts", StageBuild},
	{"astral-sh__ruff/.github/workflows/release.yml", "host", StageDeploy}, // dist host: uploads to the GitHub release
	{"astral-sh__ruff/.github/workflows/release.yml", "announce", StageDeploy},
	{"astral-sh__ruff/.github/workflows/publish-crates.yml", "crates-publish-ruff", StageDeploy},
	{"astral-sh__ruff/.github/workflows/publish-docs.yml", "mkdocs", StageDeploy},
	{"astral-sh__ruff/.github/workflows/publish-mirror.yml", "publish-mirror", StageDeploy},
	{"astral-sh__ruff/.github/workflows/publish-playground.yml", "build", StageBuild},
	{"astral-sh__ruff/.github/workflows/publish-playground.yml", "publish", StageDeploy},
	{"astral-sh__ruff/.github/workflows/publish-pypi.yml", "pypi-publish", StageDeploy},
	{"astral-sh__ruff/.github/workflows/publish-wasm.yml", "publish", StageDeploy},
	{"jaegertracing__jaeger/.github/workflows/ci-release.yml", "publish-release", StageDeploy},
	{"deepspeedai__DeepSpeed/.github/workflows/release.yml", "deploy", StageDeploy},
}

// stageLabelsHeldOut2 is a second held-out set, labelled (by reading each
// job against DESIGN.md's table, before running the classifier on it) in
// the round that generalised the classifier: a systematic sample (the first
// unlabelled job of every fourth GitHub workflow file; every 20th job of
// omnibus-gitlab, 10th of gitlab-runner, 7th of pipewire, 3rd of the other
// GitLab files). Its accuracy is reported on its own. Honesty note: the
// classifier scored 52/79 (65.8%) on it before that round's changes; the
// changes were then made looking at its misses (general rules only, no job
// names), so its figure since is no longer a clean held-out estimate: the
// next labelled sample is.
var stageLabelsHeldOut2 = []stageLabel{
	{"GoogleCloudPlatform__microservices-demo/.github/workflows/kustomize-build-ci.yaml", "kustomize-build-ci", StageTest}, // renders manifests to validate them, applies nothing
	{"actions__actions-runner-controller/.github/workflows/gha-e2e-tests.yaml", "default-setup", StageTest},
	{"actions__actions-runner-controller/.github/workflows/go.yaml", "fmt", StageTest},
	{"aquasecurity__trivy/.github/workflows/cache-test-assets.yaml", "test-images", StageBuild}, // fetches test fixtures into the cache: resolves dependencies
	{"aquasecurity__trivy/.github/workflows/release-please.yaml", "release-please", StageDeploy},
	{"aquasecurity__trivy/.github/workflows/spdx-cron.yaml", "build", StageTest}, // checks that SPDX ids are up to date
	{"argoproj__argo-cd/.github/workflows/cherry-pick.yml", "find-labels", StageUnknown},
	{"argoproj__argo-cd/.github/workflows/init-release.yaml", "prepare-release", StageUnknown}, // bumps the version and opens a PR: publishes nothing
	{"argoproj__argo-cd/.github/workflows/update-snyk.yaml", "snyk-report", StageTest},
	{"astral-sh__ruff/.github/workflows/ci.yaml", "determine_changes", StageUnknown},
	{"cli__cli/.github/workflows/triage.yml", "pull_request", StageUnknown},
	{"deepspeedai__DeepSpeed/.github/workflows/aws-torch-latest.yml", "check-paths", StageUnknown},   // path filter
	{"deepspeedai__DeepSpeed/.github/workflows/modal-accelerate.yml", "collect-tests", StageUnknown}, // path filter
	{"deepspeedai__DeepSpeed/.github/workflows/nv-flash-attn.yml", "unit-tests", StageTest},
	{"duckdb__duckdb/.github/workflows/Android.yml", "android", StageBuild}, // builds and uploads assets to staging storage
	{"duckdb__duckdb/.github/workflows/NeedsDocumentation.yml", "create_documentation_issue", StageUnknown},
	{"duckdb__duckdb/.github/workflows/PRNeedsMaintainerApproval.yml", "create_or_label_issue", StageUnknown},
	{"duckdb__duckdb/.github/workflows/Windows.yml", "win-release-64", StageSign},                   // builds, tests, Azure trusted signing
	{"external-secrets__external-secrets/.github/workflows/e2e-managed.yml", "setup", StageUnknown}, // creates a check run
	{"external-secrets__external-secrets/.github/workflows/lgtm-remove-on-update.yml", "remove-lgtm", StageUnknown},
	{"external-secrets__external-secrets/.github/workflows/ok-to-test.yml", "ok-to-test", StageUnknown},
	{"goreleaser__goreleaser/.github/workflows/build.yml", "ruleguard", StageTest},                  // calls a lint workflow
	{"goreleaser__goreleaser/.github/workflows/nightly-oss.yml", "check", StageUnknown},             // decides whether the nightly runs
	{"huggingface__accelerate/.github/workflows/build_docker_images.yml", "latest-cpu", StageBuild}, // builds and pushes a nightly image
	{"huggingface__accelerate/.github/workflows/integration_tests.yml", "run-trainer-tests", StageTest},
	{"huggingface__accelerate/.github/workflows/self_hosted_integration_tests.yml", "run-trainer-tests", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-build-binaries.yml", "generate-matrix", StageUnknown},
	{"jaegertracing__jaeger/.github/workflows/ci-docker-hotrod.yml", "hotrod", StageBuild}, // builds the image, pushes it on main
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-clickhouse.yml", "clickhouse", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-memory.yaml", "memory-v2", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-tailsampling.yml", "tailsampling-processor", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-orchestrator-stage1.yml", "lint-checks", StageTest},   // calls the lint workflow
	{"jaegertracing__jaeger/.github/workflows/ci-summary-report-publish.yml", "publish", StageUnknown}, // posts a CI summary comment
	{"jaegertracing__jaeger/.github/workflows/dependency-review.yml", "dependency-review", StageTest},
	{"jaegertracing__jaeger/.github/workflows/waiting-for-author.yml", "triage", StageUnknown},
	{"kubernetes__ingress-nginx/.github/workflows/images.yaml", "cfssl", StageBuild}, // calls a build-and-push image template
	{"kubernetes__ingress-nginx/.github/workflows/scorecards.yml", "analysis", StageTest},
	{"mozilla__sccache/.github/workflows/snap.yml", "Snap", StageStage}, // publishes the PR build to the edge/prN preview channel
	{"ossf__scorecard/.github/workflows/main.yml", "unit-test", StageTest},
	{"ossf__scorecard/.github/workflows/scorecard-analysis.yml", "analysis", StageTest},
	{"prometheus__prometheus/.github/workflows/container_description.yml", "PushDockerHubReadme", StageDeploy}, // writes the production Docker Hub page
	{"pypa__pip/.github/workflows/check-pr-template.yml", "check-pr-template", StageTest},
	{"pypa__pip/.github/workflows/update-build-project-lock.yml", "update-build-project-lock", StageUnknown}, // lock-file bot opening a PR
	{"rapidsai__rmm/.github/workflows/new-issues-to-triage-projects.yml", "assign_one_project", StageUnknown},
	{"rapidsai__shared-workflows/.github/workflows/breaking-change-alert.yaml", "notify-breaking-changes", StageUnknown},
	{"rapidsai__shared-workflows/.github/workflows/compute-matrix.yaml", "compute-matrix", StageUnknown},
	{"rapidsai__shared-workflows/.github/workflows/conda-python-tests.yaml", "compute-matrix", StageUnknown},
	{"rapidsai__shared-workflows/.github/workflows/pr-builder.yaml", "run", StageTest}, // gate: checks the needed jobs passed
	{"rapidsai__shared-workflows/.github/workflows/wheels-test.yaml", "compute-matrix", StageUnknown},
	{"sigstore__cosign/.github/workflows/tests.yaml", "e2e-windows-powershell-tests", StageTest},
	{"tinygrad__tinygrad/.github/workflows/benchmark_search.yml", "run_script_job", StageTest}, // benchmarks
	{"tinygrad__tinygrad/.github/workflows/test.yml", "docs", StageTest},                       // builds docs strictly to check them; uploads nothing
	{"vitejs__vite/.github/workflows/ecosystem-ci-trigger.yml", "trigger", StageUnknown},
	{"vitejs__vite/.github/workflows/semantic-pull-request.yml", "main", StageTest}, // PR title lint
	{"gitlab-org__cli/.gitlab-ci.yml", "snapcraft_build_edge", StageBuild},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "helper images", StageBuild},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "rpm verify fips", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "build script tests", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "yaml:lint", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "windows 1809 compile tests", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "integration kubernetes concrete", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "unstable pulp", StageDeploy}, // pushes packages to the public bleeding-edge repository
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "verify bleeding edge resources", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "tests:fips", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "gemnasium-dependency_scanning", StageTest},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "RAT", StageTest}, // triggers the reference-architecture tester
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AlmaLinux-10-arm64-branch", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Docker-QA", StageBuild}, // builds the QA image, pushes it to the staging registry
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "OpenSUSE-15.6-arm64", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AlmaLinux-9-staging", StageStage}, // uploads the package to the staging repository
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Debian-12-release", StageDeploy},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AWS-ARM64", StageDeploy},            // creates the release AMI
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Trigger:ce-package-ubt", StageTest}, // stage qa: a test build (UBT_TEST_BUILD) of the whole pipeline
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "qa-subset-test", StageTest},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "issue-bot", StageUnknown},
	{"pipewire__pipewire/.gitlab-ci.yml", "container_ubuntu", StageBuild},     // builds the CI container image
	{"pipewire__pipewire/.gitlab-ci.yml", "build_on_fedora", StageTest},       // compiles, then meson test
	{"pipewire__pipewire/.gitlab-ci.yml", "build_with_asan_ubsan", StageTest}, // sanitizer build, then meson test
	{"pipewire__pipewire/.gitlab-ci.yml", "shellcheck", StageTest},
}

// stageLabelsHeldOut3 is a third sample, labelled after that round's
// changes were done and measured once (38/43) before any change was made
// from it. Round four's general rules also fixed some of its misses, so
// its figure since is no longer a clean estimate. Sample: the last
// unlabelled job of every sixth GitHub workflow file (offset 3), every 13th
// gitlab-runner job and every 25th omnibus-gitlab job (offset 5).
var stageLabelsHeldOut3 = []stageLabel{
	{"actions__actions-runner-controller/.github/workflows/gha-e2e-tests.yaml", "init-with-min-runners-v2", StageTest},
	{"aquasecurity__trivy/.github/workflows/auto-ready-for-review.yaml", "auto-ready-for-review", StageUnknown},
	{"aquasecurity__trivy/.github/workflows/release-please.yaml", "release-tag", StageDeploy}, // creates the release tag and branch
	{"argoproj__argo-cd/.github/workflows/cherry-pick-single.yml", "cherry-pick", StageUnknown},
	{"argoproj__argo-cd/.github/workflows/release.yaml", "post-release", StageDeploy},  // moves the stable tag
	{"astral-sh__ruff/.github/workflows/ci.yaml", "required-checks-passed", StageTest}, // gate on the needed jobs
	{"deepspeedai__DeepSpeed/.github/workflows/aws-torch-latest-full.yml", "unit-tests", StageTest},
	{"deepspeedai__DeepSpeed/.github/workflows/modal-torch-latest.yml", "deploy", StageTest}, // runs the test suite on Modal
	{"duckdb__duckdb/.github/workflows/Extensions.yml", "deploy-repository", StageDeploy},    // uploads the extension repository
	{"duckdb__duckdb/.github/workflows/Regression.yml", "regression-test-plan-cost", StageTest},
	{"external-secrets__external-secrets/.github/workflows/dependabot-approve.yml", "dependabot", StageUnknown},
	{"external-secrets__external-secrets/.github/workflows/ok-to-test-managed.yml", "ok-to-test-managed", StageUnknown},
	{"goreleaser__goreleaser/.github/workflows/generate.yml", "notify", StageUnknown},
	{"huggingface__accelerate/.github/workflows/build_docker_images.yml", "latest-cuda-fp8-transformerengine", StageBuild}, // builds and pushes a nightly image
	{"huggingface__accelerate/.github/workflows/run_merge_tests.yml", "run_deepspeed_tests_multi_gpu", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-deploy-demo.yml", "deploy", StageStage}, // deploys snapshots to the demo cluster
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-elasticsearch.yml", "elasticsearch", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-ui-reverse-proxy.yml", "ui-reverse-proxy", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-summary-report.yml", "summary-report", StageTest}, // coverage and metrics gate
	{"kubernetes__ingress-nginx/.github/workflows/chart.yaml", "release", StageDeploy},
	{"kubernetes__ingress-nginx/.github/workflows/plugin.yaml", "release-plugin", StageDeploy},
	{"ossf__scorecard/.github/workflows/integration.yml", "integration-trusted", StageTest},
	{"prometheus__prometheus/.github/workflows/approve-workflows.yml", "approve", StageUnknown},
	{"pypa__pip/.github/workflows/ci.yml", "check", StageTest}, // gate on the needed jobs
	{"rapidsai__rmm/.github/workflows/pr.yaml", "telemetry-summarize", StageUnknown},
	{"rapidsai__shared-workflows/.github/workflows/conda-cpp-build.yaml", "build", StageBuild},
	{"rapidsai__shared-workflows/.github/workflows/maven-publish.yaml", "maven-publish", StageDeploy},
	{"sigstore__cosign/.github/workflows/conformance-nightly.yml", "conformance", StageTest},
	{"tinygrad__tinygrad/.github/workflows/platform.yml", "testwindows", StageTest},
	{"vitejs__vite/.github/workflows/issue-labeled.yml", "reply-labeled", StageUnknown},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "runner images", StageBuild},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "docs:lint markdown", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "integration test (docker, steps)", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "integration kubernetes attach", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "stable docker images", StageDeploy},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "hosted runners bridge stable", StageDeploy}, // rolls the stable release out to hosted runners
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Ubuntu-26.04-branch", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "QA-branch", StageBuild}, // builds and pushes the QA image
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AlmaLinux-10-arm64", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "OpenSUSE-15.6-arm64-staging", StageStage},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "OpenSUSE-15.6-arm64-release", StageDeploy},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "update-gems-cache-for-docker-jobs", StageBuild}, // resolves dependencies into the cache
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "patroni-ha-test", StageTest},
}

// stageLabelsHeldOut4 is a fourth sample, labelled by reading each job
// (steps, environment, GitLab stage, name) before the classifier was run
// on it, and measured once before the round-four changes: 50/59 (84.7%),
// the honest estimate of the code as it was then (BENCHMARKS.md). The
// round-four rules were then written looking at its misses (general rules
// only), so its threshold below is a regression guard, not an estimate. Sample: the middle
// unlabelled job of every sixth GitHub workflow file (offset 1, moving to
// the next file when one had none left), every 11th unlabelled
// gitlab-runner job (offset 4), every 20th omnibus-gitlab job (offset 7),
// every 5th pipewire job (offset 2) and every unlabelled job left in
// gitlab-org/cli and gitlab-shell.
var stageLabelsHeldOut4 = []stageLabel{
	{"actions__actions-runner-controller/.github/workflows/arc-publish-chart.yaml", "publish-chart", StageDeploy}, // cr upload to the release, pushes the chart index
	{"actions__actions-runner-controller/.github/workflows/global-run-first-interaction.yaml", "check_for_first_interaction", StageUnknown},
	{"aquasecurity__trivy/.github/workflows/backport.yaml", "backport", StageUnknown},            // cherry-pick bot opening a PR
	{"aquasecurity__trivy/.github/workflows/release.yaml", "update-chart-version", StageUnknown}, // opens a PR bumping the chart version: publishes nothing
	{"argoproj__argo-cd/.github/workflows/cherry-pick.yml", "cherry-pick", StageUnknown},
	{"argoproj__argo-cd/.github/workflows/release.yaml", "goreleaser", StageDeploy},
	{"astral-sh__ruff/.github/workflows/ci.yaml", "cargo-shear", StageTest},                     // unused-dependency lint
	{"astral-sh__ruff/.github/workflows/publish-versions.yml", "publish-versions", StageDeploy}, // environment release: records the release in the versions repository
	{"deepspeedai__DeepSpeed/.github/workflows/amd-mi200.yml", "amd-tests", StageTest},
	{"deepspeedai__DeepSpeed/.github/workflows/hpu-gaudi2.yml", "unit-tests", StageTest},
	{"deepspeedai__DeepSpeed/.github/workflows/nv-nightly.yml", "unit-tests", StageTest},
	{"duckdb__duckdb/.github/workflows/InternalIssuesCreateMirror.yml", "add_needs_reproducible_example_comment", StageUnknown},
	{"duckdb__duckdb/.github/workflows/Regression.yml", "regression-bench-fivetran", StageTest},       // regression benchmark
	{"external-secrets__external-secrets/.github/workflows/e2e-managed.yml", "test-azure", StageTest}, // e2e on a throw-away cluster it creates and destroys
	{"external-secrets__external-secrets/.github/workflows/ok-to-test-review.yml", "ok-to-test-review", StageUnknown},
	{"external-secrets__external-secrets/.github/workflows/release_esoctl.yml", "release", StageDeploy}, // pushes the tag, goreleaser release
	{"goreleaser__goreleaser/.github/workflows/nightly-oss.yml", "notify", StageUnknown},                // Telegram notification
	{"huggingface__accelerate/.github/workflows/build_documentation.yml", "build", StageDeploy},         // builds the main docs and pushes them (HF_DOC_BUILD_PUSH)
	{"huggingface__accelerate/.github/workflows/run_merge_tests.yml", "run_deepspeed_tests_single_gpu", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-docker-all-in-one.yml", "all-in-one", StageBuild}, // builds the image, pushes it on main
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-grpc.yml", "grpc", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-lint-checks.yaml", "generated-files-check", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-unit-tests.yml", "unit-tests", StageTest},
	{"kubernetes__ingress-nginx/.github/workflows/ci.yaml", "build", StageBuild},
	{"kubernetes__ingress-nginx/.github/workflows/zz-tmpl-images.yaml", "image-build", StageBuild},
	{"ossf__scorecard/.github/workflows/docker.yml", "docker_matrix", StageBuild},      // builds the images (make *-docker), pushes nothing
	{"ossf__scorecard/.github/workflows/publishimage.yml", "publishimage", StageSign},  // ko build and push, then cosign sign
	{"prometheus__prometheus/.github/workflows/ci.yml", "build_all_status", StageTest}, // gate on the needed build
	{"pypa__pip/.github/workflows/ci.yml", "vendoring", StageTest},                     // re-vendors and fails on a diff
	{"rapidsai__rmm/.github/workflows/labeler.yml", "triage", StageUnknown},
	{"rapidsai__shared-workflows/.github/workflows/build-in-devcontainer.yaml", "build", StageBuild},
	{"rapidsai__shared-workflows/.github/workflows/conda-python-build.yaml", "build", StageBuild},
	{"rapidsai__shared-workflows/.github/workflows/publish-api-docs.yaml", "publish-api-docs", StageDeploy}, // publishes docs to S3 behind the CDN
	{"sigstore__cosign/.github/workflows/e2e-tests.yml", "e2e-test-pkcs11", StageTest},
	{"tinygrad__tinygrad/.github/workflows/autogen.yml", "autogen-mac", StageTest},  // regenerates and fails on a diff
	{"tinygrad__tinygrad/.github/workflows/szdiff.yml", "szdiff", StageTest},        // code-size analysis of the PR, posted as a comment
	{"vitejs__vite/.github/workflows/prepare-release.yml", "prepare", StageUnknown}, // opens the release PR: publishes nothing
	{"gitlab-org__cli/.gitlab-ci.yml", "secret_detection", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "prebuilt helper images windows 2025 arm64", StageBuild},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "shell:lint", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "gitlab-advanced-sast", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "windows 21H2 integration tests", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "bleeding edge S3", StageDeploy},      // uploads bleeding-edge builds to the public download bucket
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "stable gitlab release", StageDeploy}, // creates the GitLab release (release:)
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "code_quality", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "gitlab-advanced-sast", StageTest},
	{"gitlab-org__gitlab-shell/.gitlab-ci.yml", "build-package-and-qa", StageTest}, // triggers a package build and QA run downstream
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Debian-11-arm64-branch", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Docker-branch-arm64", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Ubuntu-22.04-arm64", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Debian-13-staging", StageStage},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Ubuntu-26.04-release", StageDeploy},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Docker-Release", StageDeploy},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Trigger:ee-package-ubt", StageTest}, // stage qa: a test build of the whole pipeline
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "letsencrypt-test", StageTest},
	{"pipewire__pipewire/.gitlab-ci.yml", "container_alpine", StageBuild},   // builds the CI container image
	{"pipewire__pipewire/.gitlab-ci.yml", "bluez_tests", StageTest},         // compiles, then pytest
	{"pipewire__pipewire/.gitlab-ci.yml", "build_release", StageTest},       // compiles, then meson test
	{"pipewire__pipewire/.gitlab-ci.yml", "build_with_coverity", StageTest}, // Coverity static analysis, results uploaded to Coverity Scan
}

// stageLabelsHeldOut5 is a fifth sample, labelled by reading each job
// (steps, environment, GitLab stage, name, called workflows) against
// DESIGN.md's table before the classifier was run on it, after the
// round-four changes, and measured once: 56/65 (86.2%), the honest
// estimate of the current code (BENCHMARKS.md). Its threshold is that
// figure less about five points; no label was changed after the run.
// Sample: every job of every corpus file (GitHub: the keys under jobs:;
// GitLab: the parsed pipeline's jobs, i.e. the top-level non-keyword,
// non-hidden keys of .gitlab-ci.yml and the local files it includes),
// keyed file|job, less the keys of every set above, sorted bytewise by
// (file, job): every 11th, from index 5 (0-based): 65 of 716 (44 GitHub,
// 21 GitLab).
var stageLabelsHeldOut5 = []stageLabel{
	{"actions__actions-runner-controller/.github/workflows/gha-e2e-tests.yaml", "auth-proxy-setup", StageTest},
	{"actions__actions-runner-controller/.github/workflows/gha-e2e-tests.yaml", "single-namespace-setup-v2", StageTest},
	{"actions__actions-runner-controller/.github/workflows/go.yaml", "lint", StageTest},
	{"aquasecurity__trivy/.github/workflows/publish-chart.yaml", "publish-chart", StageDeploy}, // triggers the helm-charts repo's publish workflow for the merged chart
	{"aquasecurity__trivy/.github/workflows/test.yaml", "k8s-integration", StageTest},
	{"argoproj__argo-cd/.github/workflows/ci-build.yaml", "check-go", StageTest},                  // go mod tidy diff check
	{"argoproj__argo-cd/.github/workflows/image.yaml", "build-and-publish-provenance", StageSign}, // calls the SLSA container generator: signs the provenance, pushes it to GHCR
	{"argoproj__argo-cd/.github/workflows/release.yaml", "generate-sbom", StageDeploy},            // gh release upload of the SBOM to the release
	{"astral-sh__ruff/.github/workflows/build-binaries.yml", "musllinux", StageBuild},
	{"astral-sh__ruff/.github/workflows/ci.yaml", "benchmarks-instrumented-ty-run", StageTest}, // benchmarks (CodSpeed)
	{"astral-sh__ruff/.github/workflows/ci.yaml", "cargo-test-wasm", StageTest},
	{"astral-sh__ruff/.github/workflows/ci.yaml", "scripts", StageTest},                         // runs codegen and fails on a diff, lint
	{"astral-sh__ruff/.github/workflows/release.yml", "custom-publish-playground", StageDeploy}, // calls publish-playground.yml, which publishes the playground
	{"deepspeedai__DeepSpeed/.github/workflows/cpu-torch-latest.yml", "unit-tests", StageTest},
	{"duckdb__duckdb/.github/workflows/InternalIssuesCreateMirror.yml", "handle_pr_submitted_or_fix_on_nightly_label", StageUnknown}, // label bot
	{"duckdb__duckdb/.github/workflows/Main.yml", "no-string-inline", StageTest},                                                     // compiles a variant, then unittest
	{"duckdb__duckdb/.github/workflows/Main.yml", "tidy-check", StageTest},                                                           // clang-tidy
	{"duckdb__duckdb/.github/workflows/Regression.yml", "regression-test-binary-size", StageTest},                                    // binary-size regression check
	{"duckdb__duckdb/.github/workflows/_manual_extension_deploy.yml", "vars", StageUnknown},                                          // exposes workflow variables as outputs
	{"external-secrets__external-secrets/.github/workflows/e2e-reusable.yml", "test", StageTest},                                     // e2e on a kind cluster
	{"external-secrets__external-secrets/.github/workflows/pull-request-label.yml", "size-labeler", StageUnknown},                    // PR size labeler
	{"goreleaser__goreleaser/.github/workflows/generate.yml", "docs", StageUnknown},                                                  // regenerates docs and files and opens a PR from the bot's fork: publishes nothing
	{"huggingface__accelerate/.github/workflows/build_and_run_tests.yml", "run-merge-tests", StageTest},                              // calls run_merge_tests.yml
	{"huggingface__accelerate/.github/workflows/test.yml", "run-tests", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-all.yml", "memory", StageTest}, // calls the memory e2e workflow
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-spm.yml", "spm", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-orchestrator-stage3.yml", "build-binaries", StageBuild}, // calls ci-build-binaries.yml
	{"jaegertracing__jaeger/.github/workflows/ci-orchestrator.yml", "setup", StageUnknown},               // decides the execution mode
	{"jaegertracing__jaeger/.github/workflows/scorecard.yml", "analysis", StageTest},
	{"kubernetes__ingress-nginx/.github/workflows/images.yaml", "custom-error-pages", StageBuild},            // calls the image build-and-push template (as cfssl)
	{"mozilla__sccache/.github/workflows/integration-tests.yml", "gha", StageTest},                           // sccache GHA-cache integration test
	{"ossf__scorecard/.github/workflows/main.yml", "generate-mocks", StageTest},                              // checks that mock generation runs; keeps nothing
	{"prometheus__prometheus/.github/workflows/prombench.yml", "benchmark_start", StageTest},                 // starts a PR benchmark on the test-infra cluster
	{"pypa__pip/.github/workflows/update-rtd-redirects.yml", "update-rtd-redirects", StageDeploy},            // environment RTD Deploys: updates the live docs redirects
	{"rapidsai__rmm/.github/workflows/build.yaml", "wheel-publish-python", StageDeploy},                      // calls wheels-publish.yaml
	{"rapidsai__rmm/.github/workflows/pr.yaml", "docs-build", StageBuild},                                    // runs ci/build_docs.sh on the PR; custom-job uploads only CI artifacts
	{"rapidsai__rmm/.github/workflows/trigger-breaking-change-alert.yaml", "trigger-notifier", StageUnknown}, // calls the breaking-change Slack alert
	{"rapidsai__shared-workflows/.github/workflows/publish-api-docs.yaml", "compute-matrix", StageUnknown},
	{"rust-lang__rustup/.github/workflows/ci.yaml", "build-macos-aarch64", StageStage}, // builds and tests; on stable pushes deploys the build to the dev-static pre-release dist tree
	{"tinygrad__tinygrad/.github/workflows/autogen.yml", "autogen-comgr-2", StageTest}, // regenerates and fails on a diff
	{"tinygrad__tinygrad/.github/workflows/benchmark.yml", "testmacpytest", StageTest},
	{"tinygrad__tinygrad/.github/workflows/test.yml", "bepython", StageTest},
	{"tinygrad__tinygrad/.github/workflows/test.yml", "testllm", StageTest},
	{"vitejs__vite/.github/workflows/bot.yml", "agentscan", StageUnknown},               // labels and closes bot-authored PRs
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "check version definition", StageTest}, // checks the VERSION file format
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "docs:lint i18n markdown", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "integration test with race", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "provision integration kubernetes", StageTest}, // provisions the integration-test cluster for the kubernetes tests
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "trigger runner-incept tests", StageTest},      // triggers the downstream runner-incept test project
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AWS-EE-Ultimate-Release", StageDeploy},       // releases the AMI listing on AWS Marketplace
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AlmaLinux-8-arm64-branch", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AlmaLinux-9-arm64", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AmazonLinux-2023-arm64", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "ChefSpec specs", StageTest},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Debian-12-arm64-release", StageDeploy}, // repository:upload:production
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Docker", StageBuild},                   // combines the per-arch images and pushes to the staging registry (as Docker-QA)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "OpenSUSE-15.6-staging", StageStage},    // uploads the package to the staging repository
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Trigger:ee-package", StageTest},        // stage qa: triggers the whole pipeline as a test build (as Trigger:ee-package-ubt)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Ubuntu-22.04-staging", StageStage},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Ubuntu-26.04-arm64-branch", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "dependency_scanning", StageTest},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "generate-facts", StageBuild}, // resolves the component version manifest the package builds use
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "redis-valkey-sentinel-test", StageTest},
	{"pipewire__pipewire/.gitlab-ci.yml", "build_on_alpine", StageTest}, // compiles, then meson test (as build_on_fedora)
	{"pipewire__pipewire/.gitlab-ci.yml", "doccheck", StageTest},
}

// stageLabelsHeldOut6 is a sixth sample, labelled by reading each job
// (steps, environment, GitLab stage, name, called workflows in the corpus)
// against DESIGN.md's table and the convention above, blind to the
// classifier: no test or program of the project was run and neither its
// answers (testdata/golden) nor stage.go were read while labelling.
// Measured once, after the round-5 follow-up rules and before any change
// made while looking at it: 57/65 = 87.7 % (the threshold below is that
// figure less five points, a regression guard). Sample: every job of every corpus file (GitHub: the keys
// under jobs:; GitLab: the top-level non-keyword, non-hidden keys of
// .gitlab-ci.yml and the local files it includes, keyed by .gitlab-ci.yml),
// keyed file|job, less the keys of every set above (round 5 included),
// sorted bytewise by (file, job): every 10th, from index 7 (0-based):
// 65 of 651 (44 GitHub, 21 GitLab).
var stageLabelsHeldOut6 = []stageLabel{
	{"actions__actions-runner-controller/.github/workflows/gha-e2e-tests.yaml", "dind-mode-setup", StageTest},       // e2e setup test against the dummy target repository
	{"actions__actions-runner-controller/.github/workflows/gha-publish-chart.yaml", "build-push-image", StageBuild}, // builds the controller image, pushes it to GHCR when asked; the charts are published by other jobs
	{"apache__iceberg/.github/workflows/asf-allowlist-check.yml", "asf-allowlist-check", StageTest},                 // checks action refs against the ASF allowlist
	{"aquasecurity__trivy/.github/workflows/release.yaml", "deploy-packages", StageDeploy},                          // release: triggers trivy-repo's deploy-packages workflow (as publish-chart)
	{"aquasecurity__trivy/.github/workflows/test.yaml", "vm-test", StageTest},
	{"argoproj__argo-cd/.github/workflows/ci-build.yaml", "shellcheck", StageTest},
	{"argoproj__argo-cd/.github/workflows/issue-triage.lock.yml", "activation", StageUnknown}, // agentic issue-triage activation
	{"argoproj__argo-cd/.github/workflows/release.yaml", "setup-variables", StageUnknown},     // computes release variables as outputs
	{"astral-sh__ruff/.github/workflows/build-binaries.yml", "windows", StageBuild},
	{"astral-sh__ruff/.github/workflows/ci.yaml", "cargo-build-msrv", StageBuild}, // compiles only (cargo test --no-run at the MSRV), runs no test (as iceberg build-checks)
	{"astral-sh__ruff/.github/workflows/ci.yaml", "check-ruff-lsp", StageTest},
	{"astral-sh__ruff/.github/workflows/notify-dependents.yml", "update-dependents", StageDeploy},      // environment release: dispatches the ruff-pre-commit mirror update
	{"astral-sh__ruff/.github/workflows/release.yml", "custom-publish-wasm", StageDeploy},              // calls publish-wasm.yml, which publishes
	{"deepspeedai__DeepSpeed/.github/workflows/modal-torch-latest.yml", "collect-tests", StageUnknown}, // selects the impacted tests (as modal-accelerate collect-tests)
	{"duckdb__duckdb/.github/workflows/Main.yml", "linux-configs", StageTest},
	{"duckdb__duckdb/.github/workflows/Main.yml", "regression", StageTest}, // calls Regression.yml
	{"duckdb__duckdb/.github/workflows/Main.yml", "windows", StageSign},    // calls Windows.yml: builds, tests, Azure trusted signing (as win-release-64)
	{"duckdb__duckdb/.github/workflows/Swift.yml", "test-apple-platforms", StageTest},
	{"external-secrets__external-secrets/.github/workflows/ci.yml", "license-check", StageTest},
	{"external-secrets__external-secrets/.github/workflows/e2e.yml", "integration-fork", StageTest},            // calls e2e-reusable.yml
	{"external-secrets__external-secrets/.github/workflows/rebuild-image.yml", "publish-artifacts", StageSign}, // calls publish.yml: builds and pushes the rebuilt images, then signs them
	{"huggingface__accelerate/.github/workflows/build-docker-images-release.yml", "get-version", StageUnknown}, // reads the version into an output
	{"huggingface__accelerate/.github/workflows/build_pr_documentation.yml", "build", StageBuild},              // calls doc-builder's PR docs build (not in the corpus); the preview upload is a separate workflow
	{"jaegertracing__jaeger/.github/workflows/ci-build-binaries.yml", "build-binaries", StageBuild},
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-all.yml", "spm", StageTest}, // calls ci-e2e-spm.yml
	{"jaegertracing__jaeger/.github/workflows/ci-lint-checks.yaml", "idl-version-check", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-orchestrator-stage3.yml", "docker-all-in-one", StageBuild}, // calls ci-docker-all-in-one.yml (all-in-one: builds the image, pushes it on main)
	{"jaegertracing__jaeger/.github/workflows/ci-orchestrator.yml", "stage2-fast", StageTest},               // calls stage 2: unit tests and the sidecar's pyright and pytest
	{"kubernetes__ingress-nginx/.github/workflows/ci.yaml", "chart-test", StageTest},                        // chart e2e on kind
	{"kubernetes__ingress-nginx/.github/workflows/images.yaml", "fastcgi-helloserver", StageBuild},          // calls the image build-and-push template (as cfssl)
	{"mozilla__sccache/.github/workflows/integration-tests.yml", "test-mock-msvc", StageTest},
	{"ossf__scorecard/.github/workflows/main.yml", "validate-projects", StageTest},
	{"pypa__pip/.github/workflows/ci.yml", "docs", StageTest},                                          // builds the docs (nox -s docs) only to check them; uploads nothing
	{"rapidsai__rmm/.github/workflows/build.yaml", "docs-build", StageBuild},                           // branch builds: custom-job runs ci/build_docs.sh (as pr.yaml docs-build); docs are published by publish-api-docs
	{"rapidsai__rmm/.github/workflows/pr.yaml", "checks", StageTest},                                   // calls checks.yaml
	{"rapidsai__rmm/.github/workflows/pr.yaml", "wheel-build-cpp", StageBuild},                         // calls wheels-build.yaml
	{"rapidsai__shared-workflows/.github/workflows/checks.yaml", "other-checks", StageTest},            // size, job-dependency and version checks
	{"rapidsai__shared-workflows/.github/workflows/wheels-publish.yaml", "wheel-publish", StageDeploy}, // uploads the wheels to Anaconda, and to PyPI on release builds
	{"rust-lang__rustup/.github/workflows/ci.yaml", "build-windows-pr", StageBuild},                    // PR/merge-queue only: builds (dev mode also tests and lints) and uploads the release build as a CI artifact; its deploy steps need push events and never run
	{"tinygrad__tinygrad/.github/workflows/benchmark.yml", "llmbenchmark", StageTest},                  // benchmarks
	{"tinygrad__tinygrad/.github/workflows/benchmark.yml", "testusbgpu", StageTest},                    // benchmarks and tiny tests on the USB GPU
	{"tinygrad__tinygrad/.github/workflows/test.yml", "hcq2", StageTest},
	{"tinygrad__tinygrad/.github/workflows/test.yml", "testnvidia", StageTest},
	{"vitejs__vite/.github/workflows/ci.yml", "test-failed", StageTest},                       // status gate: reports the failed test job
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "destroy integration kubernetes", StageTest}, // tears down the integration-test cluster (as provision integration kubernetes)
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "fuzz variable mask", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "package-deb", StageSign},             // imports the GPG key (GPG_KEY_PATH) and builds signed deb packages
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "review-docs-deploy", StageStage},     // deploys the docs review app (environment review-docs/mr-N)
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "verify stable resources", StageTest}, // post-release check of the published images (as verify bleeding edge resources)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AlmaLinux-10", StageBuild},          // tag package build (as AlmaLinux-9-arm64)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AlmaLinux-8-branch", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AlmaLinux-9-arm64-staging", StageStage}, // uploads the package to the staging repository
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AmazonLinux-2023-arm64-staging", StageStage},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Debian-11-arm64-release", StageDeploy}, // repository:upload:production
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Debian-12-staging", StageStage},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Docker-branch", StageBuild},    // combines the per-arch images, pushes to the staging registry and the nightly tag (as Docker)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "RAT:ref_arch_envs", StageTest}, // triggers the reference-architecture tester (as RAT)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Ubuntu-22.04-arm64-release", StageDeploy},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Ubuntu-24.04-arm64-branch", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Ubuntu-26.04-staging", StageStage},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "docs-i18n-report links", StageTest}, // offline link check of the localized docs
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "manifest-upload", StageDeploy},      // tag pipelines: uploads the release's version manifest (manifest:upload)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "rubocop", StageTest},
	{"pipewire__pipewire/.gitlab-ci.yml", "build_on_ubuntu", StageTest}, // compiles, then meson test (as build_on_fedora)
	{"pipewire__pipewire/.gitlab-ci.yml", "valgrind", StageTest},        // meson test under valgrind
}

// stageLabelsHeldOut7 is a seventh sample, labelled by reading each job
// (steps, environment, GitLab stage, name, called workflows in the corpus)
// against DESIGN.md's table and the convention above, blind to the
// classifier: no test or program of the project was run and neither its
// answers (testdata/golden) nor stage.go were read while labelling.
// Measured once, after the round-6 follow-up rules and before any change
// made while looking at it: 59/65 = 90.8 % (the threshold below is that
// figure less about five points, a regression guard). Sample: every job of
// every corpus file (GitHub: the keys under jobs:; GitLab: the top-level
// non-keyword, non-hidden keys of .gitlab-ci.yml and the local files it
// includes, keyed by .gitlab-ci.yml), keyed file|job, less the keys of every
// set above (the tuning table and rounds 1 to 6), sorted bytewise by (file, job): every 9th, from index 4
// (0-based): 65 of 586 (44 GitHub, 21 GitLab).
var stageLabelsHeldOut7 = []stageLabel{
	{"actions__actions-runner-controller/.github/workflows/gha-e2e-tests.yaml", "anonymous-proxy-setup-v2", StageTest},
	{"actions__actions-runner-controller/.github/workflows/gha-e2e-tests.yaml", "single-namespace-setup", StageTest},
	{"actions__actions-runner-controller/.github/workflows/go.yaml", "generate", StageTest},               // make generate, then fails on a diff
	{"aquasecurity__trivy/.github/workflows/mkdocs-latest.yaml", "trigger-trivy-www-deploy", StageDeploy}, // tag pushes: triggers the trivy-www docs deployment after the docs deploy (as release deploy-packages)
	{"aquasecurity__trivy/.github/workflows/test.yaml", "integration", StageTest},
	{"argoproj__argo-cd/.github/workflows/ci-build.yaml", "check-agentic-workflows", StageTest}, // recompiles the agentic workflows and fails on a diff
	{"argoproj__argo-cd/.github/workflows/image.yaml", "build-and-publish", StageSign},          // calls image-reuse.yaml with push: builds and pushes the master images, then cosign signs them (as rebuild-image publish-artifacts)
	{"argoproj__argo-cd/.github/workflows/release.yaml", "argocd-image-provenance", StageSign},  // calls the SLSA container generator: signs the provenance (as image.yaml build-and-publish-provenance)
	{"astral-sh__ruff/.github/workflows/build-binaries.yml", "macos-x86_64", StageBuild},
	{"astral-sh__ruff/.github/workflows/ci.yaml", "benchmarks-instrumented-ty-build", StageBuild}, // compiles the benchmark binary only and uploads it as a CI artifact; the run job benchmarks (as cargo-build-msrv)
	{"astral-sh__ruff/.github/workflows/ci.yaml", "cargo-test-other", StageTest},
	{"astral-sh__ruff/.github/workflows/ci.yaml", "python-package", StageTest},                                        // builds the wheel only to smoke-test it; uploads nothing
	{"astral-sh__ruff/.github/workflows/release.yml", "custom-publish-mirror", StageDeploy},                           // calls publish-mirror.yml, which uploads the release to the R2 mirror (as custom-publish-wasm)
	{"deepspeedai__DeepSpeed/.github/workflows/cpu-torch-latest.yml", "check-paths", StageUnknown},                    // path filter
	{"duckdb__duckdb/.github/workflows/InternalIssuesCreateMirror.yml", "create_or_label_mirror_issue", StageUnknown}, // label bot mirroring issues to the internal repository
	{"duckdb__duckdb/.github/workflows/Main.yml", "no-rtti", StageTest},                                               // compiles a variant, then unittest
	{"duckdb__duckdb/.github/workflows/Main.yml", "threadsan", StageTest},                                             // thread-sanitizer build, then unittest
	{"duckdb__duckdb/.github/workflows/Regression.yml", "regression-bench-tpc", StageTest},                            // regression benchmark
	{"duckdb__duckdb/.github/workflows/_manual_extension_deploy.yml", "upload-extensions", StageSign},                 // signs the extensions (DUCKDB_EXTENSION_SIGNING_PK) and uploads them to the duckdb-staging artifact bucket (as Windows.yml win-release-64)
	{"external-secrets__external-secrets/.github/workflows/e2e-reusable.yml", "prepare-matrix", StageUnknown},         // validates and computes the e2e matrix as an output (as compute-matrix)
	{"external-secrets__external-secrets/.github/workflows/pull-request-label.yml", "labeler", StageUnknown},          // PR labeler
	{"goreleaser__goreleaser/.github/workflows/cleanup-nightlies.yml", "cleanup", StageDeploy},                        // deletes old nightly releases and their tags: changes the published releases (as argo-cd post-release)
	{"huggingface__accelerate/.github/workflows/build_and_run_tests.yml", "run-integration-tests", StageTest},         // calls self_hosted_integration_tests.yml
	{"huggingface__accelerate/.github/workflows/self_hosted_integration_tests.yml", "run-skorch-tests", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-all.yml", "kafka", StageTest}, // calls ci-e2e-kafka.yml
	{"jaegertracing__jaeger/.github/workflows/ci-e2e-query.yml", "query", StageTest},
	{"jaegertracing__jaeger/.github/workflows/ci-orchestrator-stage2.yml", "unit-tests", StageTest}, // calls ci-unit-tests.yml
	{"jaegertracing__jaeger/.github/workflows/ci-orchestrator.yml", "ci-success", StageTest},        // gate on the needed jobs
	{"jaegertracing__jaeger/.github/workflows/pr-quota-manager.yml", "manage-quota", StageUnknown},  // PR quota bot: labels and comments
	{"kubernetes__ingress-nginx/.github/workflows/docs.yaml", "docs", StageDeploy},                  // main pushes: deploys the docs site (mkdocs action, contents: write)
	{"kubernetes__ingress-nginx/.github/workflows/zz-tmpl-k8s-e2e.yaml", "kubernetes", StageTest},   // e2e on kind
	{"ossf__scorecard/.github/workflows/main.yml", "generate-docs", StageTest},                      // make generate-docs, then fails on a diff
	{"prometheus__prometheus/.github/workflows/prombench.yml", "benchmark_restart", StageTest},      // restarts the PR benchmark on the test-infra cluster (as benchmark_start)
	{"pypa__pip/.github/workflows/release.yml", "publish-to-pypi", StageDeploy},
	{"rapidsai__rmm/.github/workflows/build.yaml", "wheel-publish-cpp", StageDeploy},              // calls wheels-publish.yaml (as wheel-publish-python)
	{"rapidsai__rmm/.github/workflows/pr.yaml", "devcontainer", StageBuild},                       // calls build-in-devcontainer.yaml
	{"rapidsai__rmm/.github/workflows/test.yaml", "wheel-tests", StageTest},                       // calls wheels-test.yaml
	{"rapidsai__shared-workflows/.github/workflows/custom-job.yaml", "build", StageBuild},         // runs the caller's script after setting up sccache-dist and uploads its artifacts; the job name and uploads are the evidence
	{"rust-lang__rustup/.github/workflows/ci.yaml", "build-linux-stable", StageStage},             // builds and tests; on stable pushes deploys the build to the dev-static pre-release dist tree (as build-macos-aarch64)
	{"tinygrad__tinygrad/.github/workflows/autogen.yml", "autogen", StageTest},                    // regenerates and fails on a diff
	{"tinygrad__tinygrad/.github/workflows/benchmark.yml", "testcommausbgpubenchmark", StageTest}, // benchmarks
	{"tinygrad__tinygrad/.github/workflows/szdiff.yml", "rebase", StageUnknown},                   // only posts a PR comment that the branch is behind; the size-diff job is skipped
	{"tinygrad__tinygrad/.github/workflows/test.yml", "testlinux", StageTest},
	{"tinygrad__tinygrad/.github/workflows/test.yml", "unittest", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "check test directives", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "docs:check supported distros package docs", StageTest}, // regenerates the distro docs and fails on a diff
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "integration test (docker, network-faults)", StageTest},
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "prepare done", StageBuild},                // no-op sentinel (exit 0) for the prepare jobs; its only evidence is stage: build
	{"gitlab-org__gitlab-runner/.gitlab-ci.yml", "trigger runner package tests", StageTest}, // triggers the downstream package-tests project (as trigger runner-incept tests)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AWS-EE-Premium-Release", StageDeploy},    // releases the AMI listing on AWS Marketplace (as AWS-EE-Ultimate-Release)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AlmaLinux-8-arm64", StageBuild},          // tag package build (as AlmaLinux-9-arm64)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AlmaLinux-9", StageBuild},                // tag package build (as AlmaLinux-9-arm64)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AmazonLinux-2023", StageBuild},           // tag package build (as AlmaLinux-9-arm64)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "AmazonLinux-2023-staging", StageStage},   // uploads the package to the staging repository
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Debian-12-arm64-branch", StageBuild},
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Debian-13-release", StageDeploy},      // repository:upload:production
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "OpenSUSE-15.6-release", StageDeploy},  // repository:upload:production
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Trigger:ce-package", StageTest},       // stage qa: triggers the whole pipeline as a test build (as Trigger:ee-package)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Ubuntu-22.04-release", StageDeploy},   // repository:upload:production
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "Ubuntu-26.04-arm64", StageBuild},      // tag package build (as AlmaLinux-9-arm64)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "danger-review", StageTest},            // Danger review of the MR against the project conventions (as semantic-pull-request)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "fetch-assets", StageBuild},            // fetches the compiled GitLab assets the package builds use (as generate-facts)
	{"gitlab-org__omnibus-gitlab/.gitlab-ci.yml", "qa-remaining-test-manual", StageTest}, // manual QA suites
	{"pipewire__pipewire/.gitlab-ci.yml", "build_meson_prerelease", StageBuild},          // compiles and installs with a pre-release meson; its script drops the meson test of .build
	{"pipewire__pipewire/.gitlab-ci.yml", "container_fedora", StageBuild},                // builds the CI container image
}

// TestStageClassifier checks the classifier against the labelled jobs: at
// least 90% agree on every set, and each set's confusion matrix is logged
// (go test ./scanner/workflow -run TestStageClassifier -v).
func TestStageClassifier(t *testing.T) {
	if n := len(stageLabels) + len(stageLabelsHeldOut) + len(stageLabelsHeldOut2) + len(stageLabelsHeldOut3) + len(stageLabelsHeldOut4) + len(stageLabelsHeldOut5) + len(stageLabelsHeldOut6) + len(stageLabelsHeldOut7); n < 80 {
		t.Fatalf("%d labelled jobs, want at least 80", n)
	}
	parsed := map[string]Pipeline{}
	for _, c := range corpus(t) {
		parsed[c.id()] = parseCorpusFile(t, c)
	}
	seen := map[string]bool{}
	for _, set := range []struct {
		name   string
		labels []stageLabel
		min    float64
	}{
		{"tuning table", stageLabels, 0.95},
		{"held-out (round 1)", stageLabelsHeldOut, 0.80},
		{"held-out (round 2)", stageLabelsHeldOut2, 0.85},
		{"held-out (round 3)", stageLabelsHeldOut3, 0.90},
		{"held-out (round 4)", stageLabelsHeldOut4, 0.93},
		{"held-out (round 5)", stageLabelsHeldOut5, 0.80},
		{"held-out (round 6)", stageLabelsHeldOut6, 0.80},
		{"held-out (round 7)", stageLabelsHeldOut7, 0.85},
	} {
		confusion := map[Stage]map[Stage]int{}
		right := 0
		for _, l := range set.labels {
			if k := l.file + "|" + l.job; seen[k] {
				t.Errorf("%s %q is labelled twice", l.file, l.job)
			} else {
				seen[k] = true
			}
			got, reason, ok := classified(parsed, l)
			if !ok {
				t.Errorf("%s: no job %q", l.file, l.job)
				continue
			}
			if confusion[l.want] == nil {
				confusion[l.want] = map[Stage]int{}
			}
			confusion[l.want][got]++
			if got == l.want {
				right++
			} else {
				t.Logf("%s: Classify(%s %s) = %s, want %s (%s)", set.name, l.file, l.job, got, l.want, reason)
			}
		}
		acc := float64(right) / float64(len(set.labels))
		t.Logf("stage classifier, %s: %d/%d = %.1f%% correct\n%s", set.name, right, len(set.labels), 100*acc, confusionTable(confusion))
		if acc < set.min {
			t.Errorf("classifier accuracy on the %s %.1f%%, want at least %.0f%%", set.name, 100*acc, 100*set.min)
		}
	}
}

// classified returns the stage and reason the parser gave a labelled job.
func classified(parsed map[string]Pipeline, l stageLabel) (Stage, string, bool) {
	p, ok := parsed[l.file]
	if !ok {
		return "", "", false
	}
	for _, j := range p.Jobs {
		if j.Key == l.job {
			return j.Stage, j.StageReason, true
		}
	}
	return "", "", false
}

func confusionTable(m map[Stage]map[Stage]int) string {
	stages := []Stage{StageBuild, StageTest, StageSign, StageStage, StageDeploy, StageUnknown}
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s", "want\\got")
	for _, s := range stages {
		fmt.Fprintf(&b, "%9s", s)
	}
	b.WriteByte('\n')
	keys := make([]Stage, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, c int) bool { return keys[a] < keys[c] })
	for _, want := range stages {
		if m[want] == nil {
			continue
		}
		fmt.Fprintf(&b, "%-10s", want)
		for _, got := range stages {
			fmt.Fprintf(&b, "%9d", m[want][got])
		}
		b.WriteByte('\n')
	}
	return b.String()
}
