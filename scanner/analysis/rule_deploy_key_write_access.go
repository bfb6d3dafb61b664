package analysis

func ruleDeployKeyWriteAccess() rule {
	return rule{
		id: "deploy-key-write-access", severity: Medium, facts: []string{factTokens},
		description: "a deploy key has write access",
		check:       checkDeployKeyWrite,
	}
}

func deployKeyWrites(ci *credInfo) bool {
	return ci.c.Kind == "DEPLOY_KEY" && !ci.c.ReadOnly && ci.c.Active
}

func checkDeployKeyWrite(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		if !deployKeyWrites(ci) {
			continue
		}
		c := forCred("", Medium, ci)
		c.evidence += ": read_only = false"
		c.title = "Deploy key `" + ci.c.Name + "` can push"
		c.detail = "A write deploy key pushes to the repository bypassing the person behind it; it never expires."
		repo := "{owner}/{repo}"
		if ci.repo != nil {
			repo = ci.repo.r.FullName
		}
		c.remediation = "If nothing pushes with it, replace it with a read-only key: **Settings → Deploy keys → Add deploy key** without *Allow write access* " +
			"(API: `POST /repos/" + repo + "/keys` with `read_only: true`), then delete this one (`DELETE /repos/" + repo + "/keys/{key_id}`). " +
			"If something must push, use a GitHub App token limited to this repository."
		if ci.platform() == "GITLAB" {
			c.remediation = "**Settings → Repository → Deploy keys**: clear *Grant write permissions to this key* (API: `PUT /projects/:id/deploy_keys/:key_id` with `can_push=false`)."
		}
		out = append(out, c)
	}
	return out
}
