package analysis

import (
	"regexp"
	"strings"
)

func rulePersonalTokenInPipeline() rule {
	return rule{
		id: "personal-token-in-pipeline", severity: High, facts: []string{factPipelines, factTokens},
		description: "a personal access token (by name, use as checkout/push token, or GitLab token type) is used by a pipeline",
		check:       checkPersonalToken,
	}
}

var patName = regexp.MustCompile(`(?i)(^|_)PAT(_|$)|PERSONAL_ACCESS_TOKEN|PERSONAL_TOKEN|(^|_)(GH|GITHUB|GITLAB)_PAT`)

// isPersonalToken is what Credential.personal_token stores: the scanner's
// verdict (which includes broad name heuristics) or this package's evidence.
func isPersonalToken(ci *credInfo) bool { return ci.c.PersonalToken || personalTokenEvidence(ci) }

// personalTokenEvidence is what the rule fires on: a token the platform
// typed as personal, a name that says PAT, or a stored secret passed as
// actions/checkout's token (it must then be a person's or bot's PAT).
func personalTokenEvidence(ci *credInfo) bool {
	if !isStoredSecret(ci) {
		return ci.c.PersonalToken
	}
	if ci.c.Name == "GITHUB_TOKEN" {
		return false
	}
	return patName.MatchString(ci.c.Name) || checkoutToken(ci) != nil
}

// checkoutToken returns a job that passes the secret as actions/checkout's token.
func checkoutToken(ci *credInfo) *jobInfo {
	for _, u := range ci.usages {
		for _, st := range u.job.detail.Steps {
			if st.Uses == "actions/checkout" && strings.Contains(st.With["token"], "secrets."+ci.c.Name) {
				return u.job
			}
		}
	}
	return nil
}

func checkPersonalToken(s *snapshot) []candidate {
	var out []candidate
	for _, ci := range s.creds {
		if !personalTokenEvidence(ci) || len(ci.usages) == 0 {
			continue
		}
		c := forCred("", High, ci)
		c.title = "`" + ci.c.Name + "` looks like a personal access token used by pipelines"
		c.detail = "A personal token acts with a person's (or machine user's) full rights on every repository they can reach, and outlives the job. Used by " +
			jobNames(sortedJobs(ci.needing), 4) + "."
		if j := checkoutToken(ci); j != nil {
			c.detail += " Job `" + j.j.Name + "` checks out with it, so it persists in `.git/config` for later steps."
		}
		c.remediation = patFix(ci)
		out = append(out, c)
	}
	return out
}

func patFix(ci *credInfo) string {
	if ci.platform() == "GITLAB" {
		return "Replace `" + ci.c.Name + "` with `CI_JOB_TOKEN` (add the target projects to its allowlist: **Settings → CI/CD → Job token permissions**) " +
			"or a project access token with the narrowest role and scope and an expiry, then revoke the personal token."
	}
	return "Replace `" + ci.c.Name + "` with the job's `GITHUB_TOKEN` (grant what it needs in `permissions:`) or, to reach other repositories, " +
		"a GitHub App token limited to them:\n\n```yaml\n      - uses: actions/create-github-app-token@<sha>\n        id: app\n        with:\n" +
		"          app-id: ${{ vars.APP_ID }}\n          private-key: ${{ secrets.APP_PRIVATE_KEY }}\n          repositories: <repo>\n          permission-contents: write\n```\n\n" +
		"Then revoke the personal token (**Settings → Developer settings → Personal access tokens** of its owner)."
}
