package analysis

import (
	"sort"
	"strings"
)

func ruleSecretsInherit() rule {
	return rule{
		id: "secrets-inherit", severity: Medium, facts: []string{factPipelines},
		description: "a reusable workflow call passes secrets: inherit",
		check:       checkSecretsInherit,
	}
}

func checkSecretsInherit(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		if !j.j.SecretsInherit {
			continue
		}
		c := forJob("", Medium, j)
		c.title = "Job `" + j.j.Name + "` passes every secret to `" + j.j.Calls + "` (secrets: inherit)"
		c.detail = "The called workflow's jobs can read every repository, environment-less and organization secret of " + j.repo.r.FullName + ", whatever they need."
		c.remediation = inheritFix(j)
		out = append(out, c)
	}
	return out
}

// inheritFix writes the explicit `secrets:` mapping from what the called
// workflow references, when it could be resolved.
func inheritFix(j *jobInfo) string {
	names := calleeSecrets(j)
	if len(names) == 0 {
		return "Replace `secrets: inherit` with an explicit mapping of the secrets `" + j.j.Calls +
			"` declares under `on.workflow_call.secrets`:\n\n```yaml\n    secrets:\n      NAME: ${{ secrets.NAME }}\n```"
	}
	var b strings.Builder
	b.WriteString("Replace `secrets: inherit` in `" + j.where() + "` with the secrets the called workflow uses:\n\n```yaml\n    secrets:\n")
	for _, n := range names {
		b.WriteString("      " + n + ": ${{ secrets." + n + " }}\n")
	}
	b.WriteString("```")
	return b.String()
}

func calleeSecrets(j *jobInfo) []string {
	if j.callee == nil {
		return nil
	}
	seen := map[string]bool{}
	for _, cj := range j.callee.jobs {
		for _, n := range cj.secretNames() {
			seen[n] = true
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
