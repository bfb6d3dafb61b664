package workflow

import (
	"regexp"
	"strings"
)

// ghCommand maps a gh CLI command to the GITHUB_TOKEN scopes it needs
// (https://cli.github.com/manual/ and the REST endpoints each command
// calls).
type ghCommand struct {
	re    *regexp.Regexp
	needs map[string]string
}

var ghCommands = []ghCommand{
	{regexp.MustCompile(`\bgh\s+release\s+(create|upload|edit|delete)\b`), map[string]string{"contents": "write"}},
	{regexp.MustCompile(`\bgh\s+release\s+(view|download|list)\b`), map[string]string{"contents": "read"}},
	{regexp.MustCompile(`\bgh\s+pr\s+(comment|edit|merge|review|close|create|ready|reopen)\b`), map[string]string{"pull-requests": "write"}},
	{regexp.MustCompile(`\bgh\s+pr\s+(view|list|diff|checks|status)\b`), map[string]string{"pull-requests": "read"}},
	{regexp.MustCompile(`\bgh\s+pr\s+checkout\b`), map[string]string{"pull-requests": "read", "contents": "read"}},
	{regexp.MustCompile(`\bgh\s+issue\s+(create|comment|edit|close|reopen|delete|lock|unlock|pin|transfer)\b`), map[string]string{"issues": "write"}},
	{regexp.MustCompile(`\bgh\s+issue\s+(view|list|status)\b`), map[string]string{"issues": "read"}},
	{regexp.MustCompile(`\bgh\s+label\s+(create|edit|delete|clone)\b`), map[string]string{"issues": "write"}},
	{regexp.MustCompile(`\bgh\s+workflow\s+(run|enable|disable)\b`), map[string]string{"actions": "write"}},
	{regexp.MustCompile(`\bgh\s+run\s+(list|view|download|watch)\b`), map[string]string{"actions": "read"}},
	{regexp.MustCompile(`\bgh\s+run\s+(cancel|rerun|delete)\b`), map[string]string{"actions": "write"}},
	{regexp.MustCompile(`\bgh\s+cache\s+(list)\b`), map[string]string{"actions": "read"}},
	{regexp.MustCompile(`\bgh\s+cache\s+(delete)\b`), map[string]string{"actions": "write"}},
	{regexp.MustCompile(`\bgh\s+attestation\s+verify\b`), map[string]string{"attestations": "read", "contents": "read"}},
}

// ghOpaque are uses of the token whose needs cannot be read off the
// command: raw API calls and tools that take the token from the
// environment.
var ghOpaque = regexp.MustCompile(`\bgh\s+(api|extension|secret|variable|repo|gist|auth\s+setup-git)\b|\bcurl\b|\bwget\b|api\.github\.com|\bgoreleaser\b|\bgit\s+push\b|\bnpx?\b|\bnode\b|\bpython3?\b|\.sh\b|\.py\b|\.js\b|\.ts\b|\bmake\b`)

// scriptNeed returns the scopes a run: script handed the job token needs,
// when every use of it is a gh command of the table above; ok is false
// when the need cannot be known.
func scriptNeed(run string) (map[string]string, bool) {
	if ghOpaque.MatchString(run) {
		return nil, false
	}
	out := map[string]string{}
	found := false
	for _, c := range ghCommands {
		if c.re.MatchString(run) {
			found = true
			mergeScopes(out, c.needs)
		}
	}
	return out, found
}

// oidcScript matches commands that request the job's OIDC token.
var oidcScript = regexp.MustCompile(`ACTIONS_ID_TOKEN_REQUEST_(URL|TOKEN)|--provenance\b|\bcosign\s+(sign|attest)(-blob)?\b`)

// scriptOIDC reports a script that requests an OIDC token: keyless cosign
// signing (no --key), npm --provenance, or a direct request.
func scriptOIDC(run string) bool {
	m := oidcScript.FindString(run)
	if m == "" {
		return false
	}
	return !strings.HasPrefix(m, "cosign") || !strings.Contains(run, "--key")
}

// restCall matches octokit REST calls in an actions/github-script script.
var restCall = regexp.MustCompile(`\bgithub\.rest\.(\w+)\.(\w+)`)

// restScopes maps octokit REST namespaces to GITHUB_TOKEN scopes
// (https://docs.github.com/en/rest/authentication/permissions-required-for-github-apps).
var restScopes = map[string]string{
	"issues": "issues", "pulls": "pull-requests", "repos": "contents", "git": "contents",
	"actions": "actions", "checks": "checks", "reactions": "issues", "packages": "packages",
	"codeScanning": "security-events", "deployments": "deployments", "projects": "repository-projects",
}

// restMethodScopes refine repos.* methods that need another scope.
var restMethodScopes = map[string]string{
	"createDeployment": "deployments", "createDeploymentStatus": "deployments", "listDeployments": "deployments",
	"createCommitStatus": "statuses", "listCommitStatusesForRef": "statuses", "getCombinedStatusForRef": "statuses",
	"createPagesSite": "pages", "updateInformationAboutPagesSite": "pages", "requestPagesBuild": "pages",
}

// githubScriptNeed returns the scopes an actions/github-script script needs
// from its github.rest.* calls; ok is false when it makes calls we cannot
// map (GraphQL, raw requests, other namespaces).
func githubScriptNeed(script string) (map[string]string, bool) {
	if strings.Contains(script, "github.graphql") || strings.Contains(script, "github.request") || strings.Contains(script, "octokit") {
		return nil, false
	}
	out := map[string]string{}
	for _, m := range restCall.FindAllStringSubmatch(script, -1) {
		scope, ok := restMethodScopes[m[2]]
		if !ok {
			scope, ok = restScopes[m[1]]
		}
		if !ok {
			return nil, false
		}
		level := "write"
		for _, p := range []string{"get", "list", "check", "compare", "download"} {
			if strings.HasPrefix(m[2], p) {
				level = "read"
			}
		}
		mergeScopes(out, map[string]string{scope: level})
	}
	return out, true
}
