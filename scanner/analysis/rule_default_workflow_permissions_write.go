package analysis

func ruleDefaultWorkflowPermissionsWrite() rule {
	return rule{
		id: "default-workflow-permissions-write", severity: High, facts: []string{factSettings},
		description: "the org/repo default GITHUB_TOKEN permission is write, or Actions may approve pull requests",
		check:       checkDefaultWorkflowPermissions,
	}
}

const (
	orgActionsFix = "In the organization: **Settings → Actions → General → Workflow permissions**, choose " +
		"*Read repository contents and packages permissions* and clear *Allow GitHub Actions to create and approve pull requests*. " +
		"API: `PUT /orgs/{org}/actions/permissions/workflow` with `{\"default_workflow_permissions\":\"read\",\"can_approve_pull_request_reviews\":false}`."
	repoActionsFix = "In the repository: **Settings → Actions → General → Workflow permissions**, choose " +
		"*Read repository contents and packages permissions* and clear *Allow GitHub Actions to create and approve pull requests*. " +
		"API: `PUT /repos/{owner}/{repo}/actions/permissions/workflow` with `{\"default_workflow_permissions\":\"read\",\"can_approve_pull_request_reviews\":false}`."
)

func checkDefaultWorkflowPermissions(s *snapshot) []candidate {
	var out []candidate
	for _, o := range s.owners {
		if o.Platform != "GITHUB" {
			continue
		}
		if o.DefaultWorkflowPermissions == "write" {
			out = append(out, ownerSetting(o.Key, o.Name, "default_workflow_permissions", "write", orgActionsFix))
		}
		if o.CanApprovePullRequests != nil && *o.CanApprovePullRequests {
			out = append(out, ownerSetting(o.Key, o.Name, "can_approve_pull_request_reviews", "true", orgActionsFix))
		}
		for i := range out {
			if out[i].owner == nil {
				out[i].owner = o
			}
		}
	}
	for _, r := range s.repos {
		if r.r.Platform != "GITHUB" || r.r.Archived {
			continue
		}
		org := r.owner != nil && r.owner.DefaultWorkflowPermissions == "write"
		if r.r.DefaultWorkflowPermissions == "write" && !org {
			c := ownerSetting(r.r.Key, r.r.FullName, "default_workflow_permissions", "write", repoActionsFix)
			c.repo = r
			out = append(out, c)
		}
		orgApprove := r.owner != nil && r.owner.CanApprovePullRequests != nil && *r.owner.CanApprovePullRequests
		if r.r.CanApprovePullRequests != nil && *r.r.CanApprovePullRequests && !orgApprove {
			c := ownerSetting(r.r.Key, r.r.FullName, "can_approve_pull_request_reviews", "true", repoActionsFix)
			c.repo = r
			out = append(out, c)
		}
	}
	return out
}

func ownerSetting(key, name, field, value, fix string) candidate {
	c := candidate{severity: High, subject: key, evidenceKey: field, remediation: fix}
	c.evidence = name + ": Actions setting `" + field + "` = " + value
	if field == "default_workflow_permissions" {
		c.title = name + ": workflows get a GITHUB_TOKEN that can write by default"
	} else {
		c.title = name + ": GitHub Actions may approve pull requests"
		c.detail = "A workflow can approve its own pull request and satisfy required reviews."
	}
	return c
}
