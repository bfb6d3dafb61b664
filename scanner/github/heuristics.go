package github

import "strings"

// looksLikeStaticCloudKey flags the names long-lived cloud keys are stored
// under where it is obvious; analysis refines it from usage.
func looksLikeStaticCloudKey(name string) bool {
	n := strings.ToUpper(name)
	for _, s := range []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SECRET_ACCESS_KEY", "GCP_SA_KEY",
		"GCP_CREDENTIALS", "GOOGLE_CREDENTIALS", "SERVICE_ACCOUNT_JSON", "SERVICE_ACCOUNT_KEY", "AZURE_CLIENT_SECRET",
		"AZURE_CREDENTIALS", "ARM_CLIENT_SECRET", "KUBECONFIG"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// looksLikePersonalToken flags personal access tokens by name.
func looksLikePersonalToken(name string) bool {
	n := strings.ToUpper(name)
	if n == "GITHUB_TOKEN" {
		return false
	}
	return n == "PAT" || strings.HasSuffix(n, "_PAT") || strings.HasPrefix(n, "PAT_") || strings.Contains(n, "_PAT_") ||
		strings.Contains(n, "PERSONAL_ACCESS_TOKEN") || strings.Contains(n, "PERSONAL_TOKEN")
}
