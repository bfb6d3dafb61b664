package analysis

import "strings"

func ruleAccessTokenOverscoped() rule {
	return rule{
		id: "access-token-overscoped", severity: Medium, facts: []string{factTokens},
		description: "a GitLab project/group access or deploy token has api/write scopes or the Owner/Maintainer role",
		check:       checkAccessTokenOverscoped,
	}
}

var broadScopes = map[string]bool{"api": true, "sudo": true, "admin_mode": true, "write_repository": true,
	"write_registry": true, "write_package_registry": true, "create_runner": true, "manage_runner": true}

// tokenBreadth lists the broad scopes and roles of an access or deploy token.
func tokenBreadth(ci *credInfo) []string {
	if !isToken(string(ci.c.Kind)) || !ci.c.Active {
		return nil
	}
	var out []string
	for _, p := range ci.c.Permissions {
		// pushing images or packages is what a deploy token is for
		registryPush := p == "write_registry" || p == "write_package_registry"
		if broadScopes[p] && !(ci.c.Kind == "DEPLOY_TOKEN" && registryPush) {
			out = append(out, "scope `"+p+"`")
		}
	}
	switch lvl := strings.ToLower(ci.c.AccessLevel); lvl {
	case "owner", "maintainer", "50", "40":
		out = append(out, "role "+lvl)
	}
	return out
}

func checkAccessTokenOverscoped(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		broad := tokenBreadth(ci)
		if len(broad) == 0 {
			continue
		}
		c := forCred("", Medium, ci)
		c.evidence += ": " + join(broad)
		c.title = strings.ToLower(strings.ReplaceAll(string(ci.c.Kind), "_", " ")) + " `" + ci.c.Name + "` has " + join(broad)
		c.remediation = "Create a replacement with the narrowest scope that does the job (`read_repository`, `read_registry`, or `write_registry` only for the push job) " +
			"and the Developer or Reporter role, with an expiry: **Settings → Access tokens** (API: `POST /projects/:id/access_tokens` with `scopes[]=read_repository&access_level=30&expires_at=`). " +
			"Then revoke this one (`DELETE /projects/:id/access_tokens/:token_id`)."
		out = append(out, c)
	}
	return out
}

// tokenReasons are the over-scope reasons of keys, tokens and apps.
func tokenReasons(ci *credInfo) []string {
	var out []string
	if deployKeyWrites(ci) {
		out = append(out, "deploy key with write access")
	}
	if b := tokenBreadth(ci); len(b) > 0 {
		out = append(out, "token grants "+join(b))
	}
	return out
}
