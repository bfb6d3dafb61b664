package transport

import (
	"strings"
)

// literal are path segments kept as written in endpoint templates; any
// other segment is a name ({name}) or a number ({id}).
var literal = words(`
		api v3 v4 graphql orgs repos repositories users user user-installations app installations installation
		access_tokens actions secrets variables dependabot permissions workflow workflows selected-actions
		runner-groups runners environments deployment-branch-policies deployment_protection_rules
		branches protection rules rulesets keys contents codeowners errors teams members
		collaborators hooks oidc customization sub groups projects subgroups protected_branches
		protected_environments deploy_keys deploy_tokens access_tokens pipelines jobs job_token_scope
		allowlist groups_allowlist repository tree files raw approval_rules push_rule
		service_accounts personal_access_tokens tokens self metadata version all
		namespaces instance settings members/all billing_members runs artifacts
		`)

func words(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// EndpointOf names a request for the per-endpoint counts: the method and
// the path after the API prefix, with numbers as {id} and names as {name}.
// /api/v3/repos/demo/web/contents/.github/CODEOWNERS becomes
// "GET /repos/{owner}/{repo}/contents/{path}".
func EndpointOf(method, path string) string {
	if i := strings.Index(path, "/api/"); i >= 0 {
		path = path[i+len("/api"):]
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) > 0 && (segs[0] == "v3" || segs[0] == "v4") {
		segs = segs[1:]
	}
	out := make([]string, 0, len(segs))
	for i := 0; i < len(segs); i++ {
		s := segs[i]
		switch {
		case s == "repos" && i == 0:
			out = append(out, "repos")
			if i+1 < len(segs) {
				out = append(out, "{owner}")
			}
			if i+2 < len(segs) {
				out = append(out, "{repo}")
			}
			i += 2
		case (s == "contents" || s == "files" || s == "raw") && i+1 < len(segs):
			out = append(out, s, "{path}")
			i = len(segs)
		case isNumber(s):
			out = append(out, "{id}")
		case literal[s] && !(i > 0 && paramAfter[segs[i-1]] && len(out) > 0 && out[len(out)-1] == segs[i-1]):
			out = append(out, s)
		default:
			out = append(out, "{name}")
		}
	}
	return method + " /" + strings.Join(out, "/")
}

// paramAfter are collections whose next segment is always a name or id.
var paramAfter = map[string]bool{
	"orgs": true, "users": true, "environments": true, "teams": true, "branches": true,
	"secrets": true, "variables": true, "groups": true, "projects": true, "installations": true,
	"runner-groups": true, "rulesets": true, "keys": true, "runners": true,
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// hasVariablesSegment reports whether a path names a variables endpoint.
func hasVariablesSegment(path string) bool {
	for _, s := range strings.Split(path, "/") {
		if s == "variables" {
			return true
		}
	}
	return false
}
