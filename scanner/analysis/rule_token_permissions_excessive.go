package analysis

import (
	"sort"
	"strings"
)

func ruleTokenPermissionsExcessive() rule {
	return rule{
		id: "token-permissions-excessive", severity: Medium, facts: []string{factPipelines},
		description: "a job's token scopes exceed what its steps need (action knowledge base)",
		check:       checkPermissionsExcessive,
	}
}

func checkPermissionsExcessive(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		ex := excessWrites(j)
		if len(ex) == 0 {
			continue
		}
		c := forJob("", Medium, j)
		c.title = "Job `" + j.j.Name + "` holds " + join(ex) + " beyond what its steps need"
		c.detail = "Its permissions come from the " + j.j.PermissionsSource + " block; its steps need " + describePerms(j.j.MinimalPermissions) + "."
		c.remediation = jobPermissionsFix(j)
		out = append(out, c)
	}
	return out
}

// excessWrites lists the write scopes a job holds from an explicit block
// that its steps do not need. Unknown steps, reusable-workflow calls and
// write-all blocks (their own rule) give no verdict.
func excessWrites(j *jobInfo) []string {
	if !j.permissionsDeclared() || len(j.j.UnknownSteps) > 0 || j.j.Calls != "" || j.pipe.p.Kind != "GITHUB_ACTIONS" {
		return nil
	}
	if j.j.MinimalPermissions == nil || runsWithToken(j) || isWriteAll(j.j.Permissions) ||
		(j.j.PermissionsSource == "workflow" && j.pipe.p.PermissionsRaw == "write-all") {
		return nil
	}
	need, maybe := parsePerms(j.j.MinimalPermissions), scriptNeeds(j)
	var out []string
	for k, v := range parsePerms(j.j.Permissions) {
		if v == "write" && levelRank[need[k]] < levelRank["write"] && !maybe[k] {
			out = append(out, k+": write")
		}
	}
	sort.Strings(out)
	return out
}

// runsWithToken: a script handed the job token explicitly (gh, curl) may use
// any permission, so the knowledge base cannot say what the job needs.
func runsWithToken(j *jobInfo) bool {
	for _, st := range j.detail.Steps {
		if st.Run != "" && (st.Token || strings.Contains(st.Run, "GITHUB_TOKEN") || strings.Contains(st.Run, "api.github.com")) {
			return true
		}
	}
	return false
}

// scriptNeeds are scopes scripts may use without naming the token: any
// script can request an OIDC token (cosign, npm --provenance), and a script
// after a checkout that kept its credentials can push with them (mkdocs
// gh-deploy, git push).
func scriptNeeds(j *jobInfo) map[string]bool {
	out := map[string]bool{}
	persisted := false
	for _, st := range j.detail.Steps {
		if st.Uses == "actions/checkout" && !strings.EqualFold(st.With["persist-credentials"], "false") {
			persisted = true
		}
		if st.Run == "" {
			continue
		}
		out["id-token"] = true
		if persisted {
			out["contents"] = true
		}
	}
	return out
}

func describePerms(pairs []string) string {
	m := parsePerms(pairs)
	if len(m) == 0 {
		return "no token permissions"
	}
	var out []string
	for k, v := range m {
		out = append(out, k+": "+v)
	}
	sort.Strings(out)
	return join(out)
}
