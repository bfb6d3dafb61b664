package analysis

func ruleTokenPermissionsUnset() rule {
	return rule{
		id: "token-permissions-unset", severity: High, facts: []string{factPipelines, factSettings},
		description: "no permissions: for a job at job or workflow level (high where the repository default is write)",
		check:       checkPermissionsUnset,
	}
}

func checkPermissionsUnset(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		if j.pipe.p.Kind != "GITHUB_ACTIONS" || j.permissionsDeclared() || j.pipe.p.PermissionsRaw != "" {
			continue
		}
		def := j.repo.defaultTokenLevel()
		sev := Medium
		if def == "write" {
			sev = High
		}
		c := forJob("", sev, j)
		c.title = "Job `" + j.j.Name + "` sets no token permissions"
		switch def {
		case "write":
			c.detail = "The job gets the repository default GITHUB_TOKEN, which can write."
		case "read":
			c.detail = "The job gets the repository default GITHUB_TOKEN (read); a change of the default would silently widen it."
		default:
			c.detail = "The job gets the repository default GITHUB_TOKEN; that default is unknown to this scan (it may be write)."
		}
		c.remediation = jobPermissionsFix(j)
		out = append(out, c)
	}
	return out
}
