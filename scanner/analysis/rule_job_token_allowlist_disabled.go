package analysis

func ruleJobTokenAllowlistDisabled() rule {
	return rule{
		id: "job-token-allowlist-disabled", severity: Medium, facts: []string{factSettings},
		description: "a GitLab project does not limit which projects' CI_JOB_TOKEN may access it (inbound allowlist not enforced)",
		check:       checkJobTokenAllowlist,
	}
}

const jobTokenFix = "In the project: **Settings → CI/CD → Job token permissions**, turn on " +
	"*Limit access to this project* (authorized groups and projects) and add only the projects whose pipelines " +
	"must read this one (their `CI_JOB_TOKEN` then works; every other project's is refused). " +
	"API: `PATCH /projects/:id/job_token_scope` with `{\"enabled\": true}`, then " +
	"`POST /projects/:id/job_token_scope/allowlist` with `{\"target_project_id\": …}` for each project allowed."

// checkJobTokenAllowlist fires for GitLab projects whose job token scope is
// known not to be enforced: any pipeline of any project on the instance can
// then use its own CI_JOB_TOKEN to read this project (repository, packages,
// releases) — the token a merge request's pipeline also holds.
func checkJobTokenAllowlist(s *snapshot) []candidate {
	var out []candidate
	for _, r := range s.repos {
		if r.r.Platform != "GITLAB" || r.r.Archived || r.r.JobTokenScopeEnabled == nil || *r.r.JobTokenScopeEnabled {
			continue
		}
		out = append(out, candidate{
			severity: Medium, subject: r.r.Key, evidenceKey: "job_token_scope", repo: r,
			title:    r.r.FullName + ": any project's CI_JOB_TOKEN may access this project",
			evidence: r.r.FullName + ": CI/CD job token inbound allowlist `enabled` = false",
			detail: "GitLab hands every job a CI_JOB_TOKEN. Without an enforced inbound allowlist, a job of any other " +
				"project on the instance — including a pipeline running a merge request's code — can use its token " +
				"to read this project's repository, packages and releases.",
			remediation: jobTokenFix,
		})
	}
	return out
}
