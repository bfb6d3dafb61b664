package analysis

import "regexp"

func ruleVariableUnmasked() rule {
	return rule{
		id: "variable-unmasked", severity: Medium, facts: []string{factSecrets},
		description: "a credential-like GitLab variable is neither masked nor hidden",
		check:       checkVariableUnmasked,
	}
}

var secretName = regexp.MustCompile(`(?i)TOKEN|SECRET|PASSWORD|PASSWD|PASS$|PRIVATE|API_?KEY|ACCESS_KEY|_KEY$|CREDENTIAL|AUTH|CERT|KUBECONFIG`)

func checkVariableUnmasked(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		c := ci.c
		if c.Kind != "CI_VARIABLE" || c.Scope == "UNKNOWN" || c.Masked || c.Hidden || !secretName.MatchString(c.Name) {
			continue
		}
		cand := forCred("", Medium, ci)
		cand.title = "`" + c.Name + "` is not masked: its value can appear in job logs"
		api := "`PUT /projects/:id/variables/" + c.Name + "` with `masked=true`"
		if c.Scope == "OWNER" {
			api = "`PUT /groups/:id/variables/" + c.Name + "` with `masked=true`"
		}
		cand.remediation = "**Settings → CI/CD → Variables → " + c.Name + "**: choose *Masked* (or *Masked and hidden*) visibility (API: " + api + ")."
		out = append(out, cand)
	}
	return out
}
