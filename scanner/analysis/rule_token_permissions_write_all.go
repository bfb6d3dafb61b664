package analysis

import "strings"

func ruleTokenPermissionsWriteAll() rule {
	return rule{
		id: "token-permissions-write-all", severity: High, facts: []string{factPipelines},
		description: "permissions: write-all at workflow or job level",
		check:       checkWriteAll,
	}
}

func checkWriteAll(s *snapshot) []candidate {
	var out []candidate
	for _, r := range s.repos {
		for _, p := range r.pipelines {
			if p.p.Kind != "GITHUB_ACTIONS" {
				continue
			}
			if p.p.PermissionsRaw == "write-all" {
				c := candidate{severity: High, subject: p.p.Key, evidenceKey: "workflow", repo: r,
					file: p.p.Path, evidence: p.p.Path + ": top-level `permissions: write-all`"}
				c.title = "Workflow " + p.p.Path + " grants every job a GITHUB_TOKEN with write-all"
				c.remediation = "Replace the top-level block with read-only defaults and grant writes per job:\n\n" +
					permissionsYAML([]string{"contents:read"}, "") + workflowJobFixes(p)
				out = append(out, c)
			}
			for _, j := range p.jobs {
				if j.j.PermissionsSource == "job" && isWriteAll(j.j.Permissions) {
					c := forJob("", High, j)
					c.evidenceKey = "job"
					c.evidence = j.where() + " job `" + j.j.Name + "` sets `permissions: write-all`"
					c.title = "Job `" + j.j.Name + "` holds a GITHUB_TOKEN with write-all"
					c.remediation = jobPermissionsFix(j)
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// isWriteAll recognises an expanded write-all block: every scope write.
func isWriteAll(pairs []string) bool {
	n := 0
	for _, p := range pairs {
		k, v, _ := strings.Cut(p, ":")
		if k == "metadata" {
			continue
		}
		if v != "write" {
			return false
		}
		n++
	}
	return n >= 10
}

// workflowJobFixes lists, for each job, the block its steps need.
func workflowJobFixes(p *pipeInfo) string {
	var b strings.Builder
	for _, j := range p.jobs {
		if len(parsePerms(j.j.MinimalPermissions)) == 0 || onlyReads(j.j.MinimalPermissions) {
			continue
		}
		b.WriteString("\n\nJob `" + j.j.Name + "` (" + j.where() + ") needs:\n\n" + permissionsYAML(j.j.MinimalPermissions, "    "))
	}
	return b.String()
}

func onlyReads(pairs []string) bool {
	for _, v := range parsePerms(pairs) {
		if v != "read" {
			return false
		}
	}
	return true
}
