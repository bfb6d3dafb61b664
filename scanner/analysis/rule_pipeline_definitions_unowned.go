package analysis

import (
	"net/url"
	"strings"
)

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
		c.remediation = codeOwnersFix(r, files)
		out = append(out, c)
	}
	return out
}

// codeOwnersFix suggests CODEOWNERS lines for the repository's own pipeline
// files, in the file and with the setting of the platform that hosts it.
func codeOwnersFix(r *repoInfo, files []string) string {
	host := codeOwnersHost(r)
	_, path := r.activeCodeOwners()
	if !codeOwnersRead(host, path) {
		path = "CODEOWNERS"
		if host == "GITHUB" {
			path = ".github/CODEOWNERS"
		}
	}
	team, placeholder := codeOwnersTeam(r)
	var lines []string
	seen := map[string]bool{}
	add := func(pattern string) {
		if !seen[pattern] {
			seen[pattern] = true
			lines = append(lines, pattern+" "+team)
		}
	}
	for _, f := range files {
		switch {
		case strings.HasPrefix(f, ".github/workflows/"):
			add("/.github/workflows/")
		case strings.HasPrefix(f, ".gitlab/ci/"):
			add("/.gitlab/ci/")
		default:
			add("/" + f)
		}
	}
	add("/" + path)
	var b strings.Builder
	b.WriteString("Add to `" + path + "`:\n\n```\n" + strings.Join(lines, "\n") + "\n```\n\n")
	if placeholder {
		b.WriteString("`" + team + "` is a placeholder: put the team or group that owns the pipelines there.\n\n")
	} else {
		b.WriteString("(`platform-team` is a placeholder: name the team that owns the pipelines.)\n\n")
	}
	branch := r.r.DefaultBranch
	switch host {
	case "GITHUB":
		b.WriteString("Then require code-owner review on the default branch (**Settings → Branches → Require review from Code Owners**")
		if r.r.Platform == "GITHUB" && branch != "" {
			b.WriteString("; API: `PUT /repos/" + r.r.FullName + "/branches/" + branch + "/protection` with `required_pull_request_reviews.require_code_owner_reviews: true`")
		}
		b.WriteString(").")
	case "GITLAB":
		b.WriteString("Then turn on **Settings → Repository → Protected branches → Code owner approval** for the default branch")
		if r.r.Platform == "GITLAB" && branch != "" {
			b.WriteString(" (API: `PATCH /projects/" + url.PathEscape(r.r.FullName) + "/protected_branches/" + url.PathEscape(branch) + "` with `code_owner_approval_required=true`)")
		}
		b.WriteString(".")
	default:
		b.WriteString("Then require code-owner approval on the default branch where the repository is hosted " +
			"(GitHub: branch protection **Require review from Code Owners**; GitLab: **Protected branches → Code owner approval**), " +
			"so that a Jenkinsfile change needs the owners' review before Jenkins runs it from that branch.")
	}
	return b.String()
}

// codeOwnersRead: the platform reads a CODEOWNERS file at path (GitHub:
// .github/, root, docs/; GitLab: root, docs/, .gitlab/).
func codeOwnersRead(host, path string) bool {
	switch path {
	case "CODEOWNERS", "docs/CODEOWNERS":
		return true
	case ".github/CODEOWNERS":
		return host == "GITHUB"
	case ".gitlab/CODEOWNERS":
		return host == "GITLAB"
	}
	return false
}

// codeOwnersHost says whose CODEOWNERS rules apply: the scanned platform, or
// for a local scan the platform its pipeline files belong to ("" when only
// Jenkinsfiles say nothing about it).
func codeOwnersHost(r *repoInfo) string {
	switch r.r.Platform {
	case "GITHUB", "GITLAB":
		return string(r.r.Platform)
	}
	host := ""
	for _, p := range r.pipelines {
		switch p.p.Kind {
		case "GITHUB_ACTIONS":
			return "GITHUB"
		case "GITLAB_CI":
			host = "GITLAB"
		}
	}
	return host
}

// codeOwnersTeam is the owner handle to suggest, and whether its
// organization is a placeholder (local scans, unknown owner).
func codeOwnersTeam(r *repoInfo) (string, bool) {
	org := ""
	switch r.r.Platform {
	case "GITLAB":
		if r.owner != nil && r.owner.Name != "" {
			org = r.owner.Name
		} else if i := strings.LastIndex(r.r.FullName, "/"); i > 0 {
			org = r.r.FullName[:i]
		}
	case "GITHUB":
		org = repoOwnerLogin(r.r.FullName)
	}
	if org == "" {
		return "@your-org/platform-team", true
	}
	return "@" + org + "/platform-team", false
}
