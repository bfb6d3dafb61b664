package analysis

import "strings"

func ruleSecretUnused() rule {
	return rule{
		id: "secret-unused", severity: Low, facts: []string{factPipelines, factSecrets},
		description: "a stored secret / variable is referenced by no pipeline",
		check:       checkSecretUnused,
	}
}

// implicitVariables are read by tools from the environment without the
// pipeline naming them (GitLab injects every variable into every job).
var implicitVariables = []string{"AWS_", "DOCKER_AUTH_CONFIG", "KUBECONFIG", "GOOGLE_", "AZURE_", "ARM_", "SONAR_", "CODECOV_",
	"NPM_", "NODE_AUTH_TOKEN", "TF_", "VAULT_", "GH_TOKEN", "GITHUB_TOKEN", "CI_", "GITLAB_", "HELM_", "SENTRY_", "SNYK_"}

func checkSecretUnused(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		c := ci.c
		if !isStoredSecret(ci) || c.Kind == "DEPENDABOT_SECRET" || c.Scope == "UNKNOWN" || len(ci.usages) > 0 {
			continue
		}
		if c.Kind == "CI_VARIABLE" && readImplicitly(c.Name) {
			continue
		}
		cand := forCred("", Low, ci)
		cand.title = "`" + c.Name + "` is referenced by no pipeline"
		cand.detail = "No job of " + reachedText(ci) + " references it. A secret nobody uses is still one more value to leak and rotate."
		if c.Kind == "CI_VARIABLE" {
			cand.detail += " GitLab hands every variable to every job: check that no tool reads it from the environment before deleting it."
		}
		cand.remediation = deleteFix(ci)
		out = append(out, cand)
	}
	return out
}

func readImplicitly(name string) bool {
	for _, p := range implicitVariables {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func reachedText(ci *credInfo) string {
	if len(ci.reposReached) == 0 {
		return "any repository"
	}
	return repoNames(ci.reposReached, 5)
}

func deleteFix(ci *credInfo) string {
	name := ci.c.Name
	switch {
	case ci.c.Kind == "CI_VARIABLE" && ci.c.Scope == "OWNER":
		return "Delete the group variable `" + name + "`: **Settings → CI/CD → Variables** (API: `DELETE /groups/:id/variables/" + name + "`)."
	case ci.c.Kind == "CI_VARIABLE":
		return "Delete the variable `" + name + "`: **Settings → CI/CD → Variables** (API: `DELETE /projects/:id/variables/" + name + "`)."
	case ci.c.Scope == "ENVIRONMENT" && ci.env != nil:
		repo := ci.env.repo.r.FullName
		return "Delete `" + name + "` from environment `" + ci.env.e.Name + "`: **Settings → Environments → " + ci.env.e.Name +
			"** (API: `DELETE /repos/" + repo + "/environments/" + ci.env.e.Name + "/secrets/" + name + "`)."
	case ci.repo != nil:
		return "Delete `" + name + "` " + deleteAPI(ci, ci.repo.r.FullName) + "."
	}
	return "Delete `" + name + "` " + deleteAPI(ci, "") + "."
}
