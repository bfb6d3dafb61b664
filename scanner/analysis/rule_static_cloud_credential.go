package analysis

import (
	"regexp"
	"strings"
)

func ruleStaticCloudCredential() rule {
	return rule{
		id: "static-cloud-credential", severity: High, facts: []string{factPipelines, factSecrets},
		description: "a long-lived cloud key (AWS access key, GCP service-account key, Azure client secret, kubeconfig) is stored where OIDC would do",
		check:       checkStaticCloud,
	}
}

var cloudKeyName = regexp.MustCompile(`(?i)^(AWS|ECR|S3)\w*_(ACCESS_KEY(_ID)?|SECRET(_ACCESS)?_KEY)$|^(GCP|GCLOUD|GOOGLE|GKE)\w*_(SA_KEY|SERVICE_ACCOUNT(_KEY)?|CREDENTIALS|KEY(_JSON)?|JSON_KEY)$|^GOOGLE_APPLICATION_CREDENTIALS$|^(AZURE|ARM)\w*_(CLIENT_SECRET|CREDENTIALS)$|^\w*KUBE_?CONFIG\w*$`)

// cloudKeyInputs are action inputs that take a long-lived cloud key.
var cloudKeyInputs = map[string]string{
	"aws-access-key-id": "aws", "aws-secret-access-key": "aws", "credentials_json": "gcp",
	"creds": "azure", "client-secret": "azure", "kubeconfig": "kube",
}

// cloudEnvVars are the variables cloud CLIs and SDKs read a static key from.
var cloudEnvVars = map[string]string{
	"AWS_ACCESS_KEY_ID": "aws", "AWS_SECRET_ACCESS_KEY": "aws", "GOOGLE_CREDENTIALS": "gcp",
	"GOOGLE_CLOUD_KEYFILE_JSON": "gcp", "AZURE_CLIENT_SECRET": "azure", "ARM_CLIENT_SECRET": "azure", "KUBECONFIG": "kube",
}

// isStaticCloudKey is what Credential.static_cloud_key stores: the scanner's
// verdict (which includes broad name heuristics) or this package's evidence.
func isStaticCloudKey(ci *credInfo) bool { return ci.c.StaticCloudKey || cloudKind(ci) != "" }

// cloudKind says which cloud a stored key is for, from the action input or
// the cloud variable it is passed to, or its name; "" when nothing shows it.
// The rule fires on this evidence only (a name like MIRROR_R2_ACCESS_KEY_ID
// is a static key, but of a store without OIDC federation).
func cloudKind(ci *credInfo) string {
	if !isStoredSecret(ci) {
		return ""
	}
	if k := cloudKindFromSteps(ci); k != "" {
		return k
	}
	if !cloudKeyName.MatchString(ci.c.Name) {
		return ""
	}
	n := strings.ToUpper(ci.c.Name)
	switch {
	case strings.Contains(n, "KUBE"):
		return "kube"
	case strings.HasPrefix(n, "AZURE"), strings.HasPrefix(n, "ARM"):
		return "azure"
	case strings.HasPrefix(n, "G"):
		return "gcp"
	}
	return "aws"
}

// cloudKindFromSteps finds a step that passes the secret as a cloud key input,
// or reads only cloud-key variables and this secret.
func cloudKindFromSteps(ci *credInfo) string {
	for _, u := range ci.usages {
		for _, st := range u.job.detail.Steps {
			for in, v := range st.With {
				if k := cloudKeyInputs[in]; k != "" && strings.Contains(v, "secrets."+ci.c.Name) {
					return k
				}
			}
			if k := cloudEnv(st); k != "" && len(st.Secrets) <= 2 && containsFold(st.Secrets, ci.c.Name) {
				return k
			}
		}
	}
	return ""
}

func cloudEnv(st stepOf) string {
	for _, e := range st.Env {
		if k := cloudEnvVars[strings.ToUpper(e)]; k != "" {
			return k
		}
	}
	return ""
}

func containsFold(xs []string, s string) bool {
	for _, x := range xs {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func checkStaticCloud(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		kind := cloudKind(ci)
		if kind == "" {
			continue
		}
		c := forCred("", High, ci)
		c.title = "`" + ci.c.Name + "` is a long-lived " + cloudLabel[kind] + " key"
		c.detail = "A static key works from anywhere until someone rotates it; every job that can read it can copy it."
		if len(ci.needing) > 0 {
			c.detail += " Used by " + jobNames(sortedJobs(ci.needing), 4) + "."
		}
		c.remediation = oidcFix(kind, ci)
		out = append(out, c)
	}
	return out
}

var cloudLabel = map[string]string{"aws": "AWS", "gcp": "Google Cloud service-account", "azure": "Azure", "kube": "Kubernetes (kubeconfig)", "cloud": "cloud"}

func oidcFix(kind string, ci *credInfo) string {
	if ci.platform() == "GITLAB" {
		return "Replace `" + ci.c.Name + "` with a short-lived token: add `id_tokens:` to the jobs that need the cloud " +
			"(`id_tokens: { CLOUD_TOKEN: { aud: https://gitlab.example } }`), configure the cloud's workload identity federation to trust the project " +
			"and its protected branch, then delete the variable."
	}
	perm := "```yaml\n    permissions:\n      id-token: write\n      contents: read\n"
	switch kind {
	case "aws":
		return "Use OIDC instead of `" + ci.c.Name + "`: create an IAM role trusting `token.actions.githubusercontent.com` for this repository and environment, then:\n\n" +
			perm + "    steps:\n      - uses: aws-actions/configure-aws-credentials@<sha>\n        with:\n          role-to-assume: arn:aws:iam::<account>:role/<role>\n          aws-region: <region>\n```\n\nThen delete the secret and deactivate the access key in IAM."
	case "gcp":
		return "Use Workload Identity Federation instead of `" + ci.c.Name + "`:\n\n" + perm +
			"    steps:\n      - uses: google-github-actions/auth@<sha>\n        with:\n          workload_identity_provider: projects/<n>/locations/global/workloadIdentityPools/<pool>/providers/<provider>\n          service_account: <sa>@<project>.iam.gserviceaccount.com\n```\n\nThen delete the secret and the service-account key."
	case "azure":
		return "Use a federated credential instead of `" + ci.c.Name + "`:\n\n" + perm +
			"    steps:\n      - uses: azure/login@<sha>\n        with:\n          client-id: ${{ vars.AZURE_CLIENT_ID }}\n          tenant-id: ${{ vars.AZURE_TENANT_ID }}\n          subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}\n```\n\nThen delete the client secret in Entra ID."
	}
	return "Get cluster credentials at run time through the cloud's OIDC login (e.g. `aws eks update-kubeconfig` after `configure-aws-credentials` with `role-to-assume`, " +
		"or `google-github-actions/get-gke-credentials`), and delete `" + ci.c.Name + "`."
}
