package analysis

import "strings"

func ruleCheckoutPersistsCredentials() rule {
	return rule{
		id: "checkout-persists-credentials", severity: Medium, facts: []string{factPipelines},
		description: "actions/checkout leaves the token on disk (persist-credentials not false) in a job that later runs third-party code or uploads the workspace",
		check:       checkPersistCredentials,
	}
}

func checkPersistCredentials(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		steps := j.ownSteps()
		for i, st := range steps {
			if st.Uses != "actions/checkout" || strings.EqualFold(st.With["persist-credentials"], "false") {
				continue
			}
			sev, what := laterRisk(j, steps[i+1:])
			if sev == "" {
				break
			}
			c := forJob("", sev, j)
			c.file, c.line = j.fileOf(st.File), st.Line
			c.evidence = c.file + ":" + itoa(st.Line) + " `actions/checkout` without `persist-credentials: false`"
			c.title = "Job `" + j.j.Name + "` leaves its checkout token on disk and then " + what
			c.detail = "The token stays in the git configuration of the workspace for every later step."
			c.remediation = "Add to the checkout step:\n\n```yaml\n      - uses: actions/checkout@<sha>\n        with:\n          persist-credentials: false\n```\n\n" +
				"Pass a token explicitly to the one step that pushes, if any."
			out = append(out, c)
			break
		}
	}
	return out
}

// laterRisk says what later steps do with the workspace: upload it (medium)
// or run third-party actions (low).
func laterRisk(j *jobInfo, later []stepOf) (string, string) {
	sev, what := "", ""
	for _, st := range later {
		switch {
		case st.Uses == "actions/upload-artifact" && uploadsWorkspace(st):
			return Medium, "uploads the workspace (with .git/config) as an artifact"
		case st.Uses != "" && thirdParty(st.Uses, j.repo) && sev == "":
			sev, what = Low, "runs third-party action `"+st.Uses+"`"
		}
	}
	return sev, what
}

// uploadsWorkspace reports an upload-artifact step whose artifact can hold
// the checkout's .git/config: the workspace root (or a glob over it), or any
// path with include-hidden-files. Uploading a build output or a report does
// not carry the token.
func uploadsWorkspace(st stepOf) bool {
	if strings.EqualFold(strings.TrimSpace(st.With["include-hidden-files"]), "true") {
		return true
	}
	for _, p := range strings.Split(st.With["path"], "\n") {
		switch strings.TrimSpace(p) {
		case ".", "./", "*", "**", "./*", "./**", "${{ github.workspace }}", "${{ github.workspace }}/", "${{github.workspace}}":
			return true
		}
	}
	return false
}
