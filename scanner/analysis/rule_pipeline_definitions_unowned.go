package analysis

func rulePipelineDefinitionsUnowned() rule {
	return rule{
		id: "pipeline-definitions-unowned", severity: Medium, facts: []string{factPipelines, factCodeOwners},
		description: "no CODEOWNERS rule covers the pipeline definitions (.github/workflows/, .gitlab-ci.yml, Jenkinsfile)",
		check:       checkPipelinesUnowned,
	}
}

func checkPipelinesUnowned(s *snapshot) []candidate {
	var out []candidate
	for _, r := range s.repos {
		if r.r.Archived || len(r.pipelines) == 0 {
			continue
		}
		files := r.uncoveredPipelines()
		if len(files) == 0 {
			continue
		}
		_, path := r.activeCodeOwners()
		c := candidate{severity: Medium, subject: r.r.Key, repo: r, file: path}
		c.title = r.r.FullName + ": no code owner reviews changes to its pipeline definitions"
		if path == "" {
			c.evidence = r.r.FullName + ": no CODEOWNERS file"
		} else {
			c.evidence = path + ": no rule with owners covers " + join(quoteAll(files))
		}
		c.detail = "Anyone who can merge can change what the pipelines do with their secrets and tokens."
		c.remediation = codeOwnersFix(r)
		out = append(out, c)
	}
	return out
}

func codeOwnersFix(r *repoInfo) string {
	team := "@" + repoOwnerLogin(r.r.FullName) + "/platform-team"
	if r.r.Platform == "GITLAB" {
		return "Add to `.gitlab/CODEOWNERS`:\n\n```\n/.gitlab-ci.yml " + team + "\n/.gitlab/ci/ " + team + "\n```\n\n" +
			"and turn on **Settings → Repository → Protected branches → Code owner approval** for the default branch."
	}
	return "Add to `.github/CODEOWNERS` (with a team that owns the pipelines):\n\n```\n/.github/workflows/ " + team + "\n/.github/actions/ " + team + "\n/.github/CODEOWNERS " + team +
		"\n```\n\nand require code-owner review on the default branch (**Settings → Branches → Require review from Code Owners**; " +
		"API: `PUT /repos/" + r.r.FullName + "/branches/{branch}/protection` with `required_pull_request_reviews.require_code_owner_reviews: true`)."
}
