package analysis

func ruleAppInstallationAllRepositories() rule {
	return rule{
		id: "app-installation-all-repositories", severity: Medium, facts: []string{factTokens},
		description: "a GitHub App with write permissions is installed on all repositories",
		check:       checkAppAllRepos,
	}
}

func checkAppAllRepos(s *snapshot) []candidate {
	var out []candidate
	for _, id := range s.idents {
		if id.Kind != "GITHUB_APP" || id.RepositorySelection != "all" || !id.CanWrite {
			continue
		}
		c := candidate{severity: Medium, subject: id.Key}
		if id.Edges.Owner != nil {
			c.owner = s.ownerByID[id.Edges.Owner.ID]
		}
		c.evidence = "app installation `" + id.Name + "`: repository_selection = all, permissions " + join(writePerms(id.Permissions))
		c.title = "GitHub App `" + id.Name + "` can write to every repository"
		c.detail = "Whoever holds the app's private key can act on all repositories, including ones created later."
		c.remediation = "**Organization settings → GitHub Apps → " + id.Name + " → Configure → Repository access → Only select repositories**, " +
			"and pick the ones it serves (API: `PUT /user/installations/{installation_id}/repositories/{repository_id}` per repository). " +
			"Drop write permissions it does not use in the app's settings."
		out = append(out, c)
	}
	return out
}

func writePerms(perms []string) []string {
	var out []string
	for _, p := range perms {
		if _, v, _ := cut(p); v == "write" || v == "admin" {
			out = append(out, p)
		}
	}
	return out
}
