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
		if unread := unreadDefinitions(ci); len(unread) > 0 {
			// unknown, not unused: part of the pipelines was not read
			cand.severity = Info
			cand.title = "`" + c.Name + "` is referenced by no pipeline definition privgraph could read"
			cand.detail += " Not read, so not checked: " + joinMax(unread, 5) + "."
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

// unreadDefinitions lists what the pipelines of the repositories the
// credential reaches take from files privgraph did not read: GitLab
// includes of other projects, remote URLs, templates and components,
// reusable workflows outside the scan called with `secrets: inherit`, and
// definitions that did not parse. The credential may be read there.
func unreadDefinitions(ci *credInfo) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, r := range ci.reposReached {
		for _, j := range r.jobs {
			if j.j.SecretsInherit && j.callee == nil && j.j.Calls != "" {
				add(r.r.FullName + ": job `" + j.j.Name + "` passes every secret to `" + j.j.Calls + "` (secrets: inherit)")
			}
		}
		for _, p := range r.pipelines {
			if p.p.ParseError != "" {
				add(r.r.FullName + ": " + p.p.Path + " (did not parse)")
			}
			if p.p.Kind != "GITLAB_CI" {
				continue
			}
			for _, inc := range p.p.Includes {
				if externalInclude(inc) {
					add(r.r.FullName + ": include `" + inc + "`")
				}
			}
		}
	}
	return out
}

// externalInclude tells a GitLab include privgraph does not read (project:
// "group/project:file@ref", remote URL, component "host/path@version",
// template "Name.gitlab-ci.yml", a local pattern) from a local file it read,
// as Pipeline.includes records them.
func externalInclude(inc string) bool {
	inc = strings.TrimSuffix(inc, " (pinned)")
	switch {
	case strings.HasPrefix(inc, "http://"), strings.HasPrefix(inc, "https://"), strings.ContainsAny(inc, ":@"):
		return true
	case strings.ContainsAny(inc, "*?[$"):
		return true // a local pattern or variable: the parser does not expand it
	case strings.HasPrefix(inc, "/"), strings.HasPrefix(inc, "."):
		return false
	}
	return strings.HasSuffix(inc, ".gitlab-ci.yml") // templates; a local file would usually start with /
}

func joinMax(parts []string, max int) string {
	if len(parts) > max {
		parts = append(parts[:max:max], "and "+itoa(len(parts)-max)+" more")
	}
	return join(parts)
}
