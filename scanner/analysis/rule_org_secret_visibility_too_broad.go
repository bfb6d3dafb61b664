package analysis

import (
	"fmt"
	"path"
	"strings"
)

func ruleOrgSecretVisibilityTooBroad() rule {
	return rule{
		id: "org-secret-visibility-too-broad", severity: Medium, facts: []string{factPipelines, factSecrets},
		description: "an org secret / group variable reaches many more repositories than reference it",
		check:       checkOrgVisibility,
	}
}

func checkOrgVisibility(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		if !isStoredSecret(ci) || (ci.c.Scope != "OWNER" && ci.c.Scope != "INSTANCE") {
			continue
		}
		using := usingRepos(ci)
		reached, unused := len(ci.reposReached), len(unusedRepos(ci))
		if len(using) == 0 || unused < 3 || reached < 2*len(using) {
			continue
		}
		c := forCred("", Medium, ci)
		c.title = fmt.Sprintf("`%s` reaches %d repositories; %d use it", ci.c.Name, reached, len(using))
		c.evidence += fmt.Sprintf(" (visibility %q)", ci.c.Visibility)
		c.detail = "Used by " + repoNames(using, 10) + ". Readable, unused, by " + repoNames(unusedRepos(ci), 10) + "."
		c.remediation = visibilityFix(ci, using)
		out = append(out, c)
	}
	return out
}

func visibilityFix(ci *credInfo, using []*repoInfo) string {
	names := make([]string, len(using))
	for i, r := range using {
		names[i] = path.Base(r.r.FullName)
	}
	if ci.c.Kind == "CI_VARIABLE" {
		return "Move `" + ci.c.Name + "` from the group to the projects that use it (" + join(names) +
			"): **Settings → CI/CD → Variables** in each project (API: `POST /projects/:id/variables`), then delete the group variable (`DELETE /groups/:id/variables/" + ci.c.Name + "`)."
	}
	org := ""
	if ci.owner != nil {
		org = ci.owner.Name
	}
	return "Limit `" + ci.c.Name + "` to the repositories that use it: **Organization settings → Secrets and variables → Actions → " +
		ci.c.Name + " → Repository access → Selected repositories**: " + strings.Join(names, ", ") +
		". API: `PUT /orgs/" + org + "/actions/secrets/" + ci.c.Name + "/repositories` with their `selected_repository_ids` (and `visibility: selected`)."
}
