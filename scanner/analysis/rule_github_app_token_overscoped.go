package analysis

import "strings"

func ruleGitHubAppTokenOverscoped() rule {
	return rule{
		id: "github-app-token-overscoped", severity: Medium, facts: []string{factPipelines},
		description: "a workflow mints an app token without limiting repositories or permissions, or skips revoking it",
		check:       checkAppToken,
	}
}

func checkAppToken(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		for _, st := range j.ownSteps() {
			problems := appTokenProblems(st.Uses, st.With)
			if len(problems) == 0 {
				continue
			}
			c := forJob("", Medium, j)
			c.evidenceKey = st.Uses + ":" + itoa(st.Line)
			c.file, c.line = j.fileOf(st.File), st.Line
			c.evidence = c.file + ":" + itoa(st.Line) + " `" + st.Uses + "` " + join(problems)
			c.title = "Job `" + j.j.Name + "` mints a GitHub App token that " + join(problems)
			c.detail = "The token carries every permission of the app installation on every repository it can reach, unless the step narrows it."
			c.remediation = "Narrow the token in the step:\n\n```yaml\n      - uses: actions/create-github-app-token@<sha>\n        with:\n" +
				"          app-id: ${{ vars.APP_ID }}\n          private-key: ${{ secrets.APP_PRIVATE_KEY }}\n          owner: ${{ github.repository_owner }}\n" +
				"          repositories: " + j.repo.r.FullName[strings.Index(j.repo.r.FullName, "/")+1:] + "\n          permission-contents: write   # only what the job does\n```\n\n" +
				"and keep the default revocation (`skip-token-revoke: false`)."
			out = append(out, c)
		}
	}
	return out
}

// appTokenProblems lists how a token-minting step is left unlimited.
func appTokenProblems(uses string, with map[string]string) []string {
	var out []string
	switch uses {
	case "actions/create-github-app-token":
		if with["owner"] != "" && with["repositories"] == "" {
			out = append(out, "reaches every repository of `"+with["owner"]+"`")
		}
		if !hasPermissionInput(with) {
			out = append(out, "keeps every permission of the app")
		}
		if with["skip-token-revoke"] == "true" {
			out = append(out, "is not revoked after the job")
		}
	case "tibdex/github-app-token":
		if with["repositories"] == "" && with["repository"] == "" {
			out = append(out, "reaches every repository of the installation")
		}
		if with["permissions"] == "" {
			out = append(out, "keeps every permission of the app")
		}
		if with["revoke"] == "false" {
			out = append(out, "is not revoked after the job")
		}
	}
	return out
}

func hasPermissionInput(with map[string]string) bool {
	for k := range with {
		if strings.HasPrefix(k, "permission-") {
			return true
		}
	}
	return false
}
