package scanner

import (
	"regexp"
)

// Name heuristics for credentials whose nature the platform does not say.
// They err towards saying nothing: a false "static cloud key" costs a team
// time, a missed one is caught by the analysis of how the credential is used.
var (
	staticCloudKeyName = regexp.MustCompile(`(?i)(^|_)(AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SECRET_KEY|ACCESS_KEY)|ACCESS_KEY_ID|SECRET_ACCESS_KEY|GCP_SA_KEY|GCP_CREDENTIALS|GCLOUD_SERVICE_KEY|GOOGLE_APPLICATION_CREDENTIALS|GOOGLE_CREDENTIALS|SERVICE_ACCOUNT_(KEY|JSON)|GCP_SERVICE_ACCOUNT_KEY|AZURE_CLIENT_SECRET|AZURE_CREDENTIALS|ARM_CLIENT_SECRET|KUBECONFIG|KUBE_CONFIG)($|_)`)
	personalTokenName  = regexp.MustCompile(`(?i)(^|_)(PAT|PERSONAL_ACCESS_TOKEN|GH_PAT|GITHUB_PAT|BOT_TOKEN|GH_TOKEN|GITLAB_PAT|PERSONAL_TOKEN|ADMIN_TOKEN|RELEASE_TOKEN|REPO_TOKEN|GITHUB_API_TOKEN|GITHUB_PUSH_TOKEN)($|_)`)
)

// looksLikeStaticCloudKey reports a name that long-lived cloud keys use.
func looksLikeStaticCloudKey(name string) bool { return staticCloudKeyName.MatchString(name) }

// looksLikePersonalToken reports a name that personal access tokens use.
func looksLikePersonalToken(name string) bool {
	return name != "GITHUB_TOKEN" && personalTokenName.MatchString(name)
}
