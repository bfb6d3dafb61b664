package analysis

import "sort"

func ruleCredentialValueReused() rule {
	return rule{
		id: "credential-value-reused", severity: Medium, facts: []string{factSecrets},
		description: "one value (by fingerprint) is stored under several variables or projects",
		check:       checkValueReused,
	}
}

func checkValueReused(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		if len(ci.sameValue) == 0 || !anyCredentialLike(append([]*credInfo{ci}, ci.sameValue...)) {
			continue
		}
		var others []string
		for _, o := range ci.sameValue {
			others = append(others, credEvidence(o))
		}
		sort.Strings(others)
		c := forCred("", Medium, ci)
		c.title = "`" + ci.c.Name + "` holds the same value as " + itoa(len(others)) + " other credential(s)"
		c.detail = "Same value (compared by keyed fingerprint; the value itself is never stored) as: " + join(others) +
			". Revoking or rotating one leaves the others working, and a leak anywhere exposes all of them."
		c.remediation = "Issue a separate credential for each place, with only the rights that place needs, and rotate `" + ci.c.Name + "` now."
		out = append(out, c)
	}
	return out
}

// anyCredentialLike is true when one of the credentials holding a value
// looks like a secret: masked or hidden, named like one, or recognised as a
// cloud key or personal token. Plain settings stored as variables
// (`KUBE_NAMESPACE=production` in two projects) share values harmlessly.
func anyCredentialLike(cs []*credInfo) bool {
	for _, ci := range cs {
		c := ci.c
		if c.Kind != "CI_VARIABLE" || c.Masked || c.Hidden || c.StaticCloudKey || c.PersonalToken || secretName.MatchString(c.Name) {
			return true
		}
	}
	return false
}
