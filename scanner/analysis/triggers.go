package analysis

import (
	"strings"
)

// outsideTriggers are events outsiders can fire that run with the base
// repository's secrets and a token that may write.
var outsideTriggers = map[string]bool{
	"pull_request_target": true, "workflow_run": true, "issue_comment": true,
	"issues": true, "discussion": true, "discussion_comment": true,
}

// forkTriggers are events that run code from forks (without secrets for
// pull_request, with them for pull_request_target).
var forkTriggers = map[string]bool{"pull_request": true, "pull_request_target": true, "merge_request_event": true}

// untrustedTriggers returns the job's triggers outsiders can fire, including
// those of the workflows that call it.
func (j *jobInfo) untrustedTriggers() []string {
	seen := map[string]bool{}
	var out []string
	add := func(ts []string) {
		for _, t := range ts {
			if outsideTriggers[t] && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	add(j.pipe.p.Triggers)
	add(j.detail.UntrustedTriggers)
	for _, c := range j.callers {
		if c.repo == j.repo {
			continue // the parser already folded a local callee into its caller
		}
		add(c.pipe.p.Triggers)
		add(c.detail.UntrustedTriggers)
	}
	return out
}

// runsOutsideCode is true when the job runs pull-request code under a
// trigger that holds the base repository's privileges.
func (j *jobInfo) runsOutsideCode() bool {
	return j.j.UntrustedCheckout && len(j.untrustedTriggers()) > 0
}

// readsSecrets is true when the job references a stored secret, the whole
// secrets context, or passes secrets on with `secrets: inherit`.
func (j *jobInfo) readsSecrets() bool {
	if j.j.SecretsWholeContext || j.j.SecretsInherit {
		return true
	}
	for _, u := range j.usages {
		if u.cred.c.Kind != "GITHUB_TOKEN" {
			return true
		}
	}
	return false
}

// secretNames lists the names of the stored secrets the job references.
func (j *jobInfo) secretNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, u := range j.usages {
		if n := u.cred.c.Name; u.cred.c.Kind != "GITHUB_TOKEN" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// tokenLevel says whether the job's GITHUB_TOKEN can write: "write", "read",
// or "" when unknown (no block and the default could not be read).
func (j *jobInfo) tokenLevel() string {
	if j.permissionsDeclared() {
		for _, p := range j.j.Permissions {
			if strings.HasSuffix(p, ":write") && !strings.HasPrefix(p, "id-token:") {
				return "write"
			}
		}
		return "read"
	}
	return j.repo.defaultTokenLevel()
}

// permissionsDeclared is true when a permissions block applies at job or
// workflow level.
func (j *jobInfo) permissionsDeclared() bool {
	switch j.j.PermissionsSource {
	case "job", "workflow":
		return true
	}
	return false
}

// privileged is true when the job can read secrets, holds a write token, or
// can mint OIDC tokens.
func (j *jobInfo) privileged() bool {
	return j.readsSecrets() || j.tokenLevel() == "write" || j.j.Oidc
}

// privileges describes what makes the job privileged, for titles and details.
func (j *jobInfo) privileges() []string {
	var out []string
	if names := j.secretNames(); len(names) > 0 {
		out = append(out, "secrets "+join(quoteAll(names)))
	}
	if j.j.SecretsWholeContext {
		out = append(out, "the whole secrets context")
	}
	if j.j.SecretsInherit {
		out = append(out, "every secret (secrets: inherit)")
	}
	if j.tokenLevel() == "write" {
		out = append(out, "a GITHUB_TOKEN that can write")
	}
	if j.j.Oidc {
		out = append(out, "OIDC tokens (id-token: write)")
	}
	return out
}

// defaultTokenLevel is the GITHUB_TOKEN default of the repository: an
// organization default of read wins; else the repository's; else the
// organization's; "" when neither is known.
func (r *repoInfo) defaultTokenLevel() string {
	org := ""
	if r.owner != nil {
		org = r.owner.DefaultWorkflowPermissions
	}
	switch {
	case org == "read":
		return "read"
	case r.r.DefaultWorkflowPermissions != "":
		return r.r.DefaultWorkflowPermissions
	default:
		return org
	}
}
