package analysis

import (
	"time"
)

func ruleCredentialNotRotated() rule {
	return rule{
		id: "credential-not-rotated", severity: Medium, facts: []string{factSecrets, factTokens},
		description: "a secret or token was last updated more than 90 days ago, or a token has no expiry or expires more than a year out",
		check:       checkNotRotated,
	}
}

const rotateAfter = 90 * 24 * time.Hour

func isToken(kind string) bool {
	switch kind {
	case "DEPLOY_TOKEN", "PROJECT_ACCESS_TOKEN", "GROUP_ACCESS_TOKEN":
		return true
	}
	return false
}

func checkNotRotated(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		c := ci.c
		if !c.Active || !(isStoredSecret(ci) || isToken(string(c.Kind)) || c.Kind == "DEPLOY_KEY") {
			continue
		}
		why := rotationProblem(ci, s.now)
		if why == "" {
			continue
		}
		cand := forCred("", Medium, ci)
		cand.title = "`" + c.Name + "` " + why
		cand.remediation = "Rotate `" + c.Name + "`: issue a new value, store it in the same place, and revoke the old one. " +
			"For tokens, set an expiry of at most a year (GitLab: **Settings → Access tokens**, API `POST /projects/:id/access_tokens/:token_id/rotate`). " +
			"Better: replace it with OIDC or a GitHub App token that expires within the hour."
		out = append(out, cand)
	}
	return out
}

// rotationProblem says what is wrong with a credential's age, or "".
func rotationProblem(ci *credInfo, now time.Time) string {
	c := ci.c
	if isToken(string(c.Kind)) {
		switch {
		case c.ExpiresAt == nil:
			return "never expires"
		case c.ExpiresAt.Sub(now) > 366*24*time.Hour:
			return "expires more than a year from now (" + c.ExpiresAt.Format("2006-01-02") + ")"
		}
	}
	last := c.UpdatedAt
	if last == nil {
		last = c.CreatedAt
	}
	if last != nil && now.Sub(*last) > rotateAfter {
		return "was last rotated on " + last.Format("2006-01-02") + ", more than 90 days ago"
	}
	return ""
}
