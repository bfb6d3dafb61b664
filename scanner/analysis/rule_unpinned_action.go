package analysis

import (
	"regexp"
	"strings"

	"github.com/privgraph/privgraph/scanner/workflow"
)

func ruleUnpinnedAction() rule {
	return rule{
		id: "unpinned-action", severity: Medium, facts: []string{factPipelines},
		description: "a third-party action, reusable workflow or remote include is not pinned to a full commit SHA",
		check:       checkUnpinned,
	}
}

var fullSHA = regexp.MustCompile(`@[0-9a-f]{40}\b`)

// firstParty are action owners maintained by GitHub itself.
var firstParty = map[string]bool{"actions": true, "github": true}

func checkUnpinned(s *snapshot) []candidate {
	var out []candidate
	for _, p := range allPipelines(s) {
		seen := map[string]bool{}
		for _, j := range p.jobs {
			for _, st := range j.ownSteps() {
				if st.Uses == "" || st.Pinned || !thirdParty(st.Uses, p.repo) || seen[st.Uses] {
					continue
				}
				seen[st.Uses] = true
				c := unpinned(p, j, st.Uses, st.Ref, st.Line)
				c.file = j.fileOf(st.File)
				out = append(out, c)
			}
			if c := j.j.Calls; strings.Contains(c, "@") && !j.j.CallsPinned && !isLocal(c) && thirdParty(c, p.repo) {
				use, ref, _ := strings.Cut(c, "@")
				if !seen[use] {
					seen[use] = true
					out = append(out, unpinned(p, j, use, ref, j.j.Line))
				}
			}
		}
		for _, inc := range p.p.Includes {
			remote := strings.HasPrefix(inc, "http://") || strings.HasPrefix(inc, "https://")
			if fullSHA.MatchString(inc) || seen[inc] || isLocal(inc) || !thirdParty(inc, p.repo) ||
				!strings.Contains(inc, "@") && !remote {
				continue
			}
			seen[inc] = true
			use, ref, _ := strings.Cut(inc, "@")
			c := unpinned(p, nil, use, ref, 0)
			out = append(out, c)
		}
	}
	return out
}

func allPipelines(s *snapshot) []*pipeInfo {
	var out []*pipeInfo
	for _, r := range s.repos {
		out = append(out, r.pipelines...)
	}
	return out
}

// thirdParty: not local, not docker://, not GitHub's own, not the repository owner's.
func thirdParty(uses string, r *repoInfo) bool {
	if isLocal(uses) || strings.HasPrefix(uses, "docker://") {
		return false
	}
	owner, _, _ := strings.Cut(uses, "/")
	return !firstParty[owner] && !strings.EqualFold(owner, repoOwnerLogin(r.r.FullName))
}

func unpinned(p *pipeInfo, j *jobInfo, use, ref string, line int) candidate {
	c := candidate{severity: Medium, subject: p.p.Key, evidenceKey: use, repo: p.repo, file: p.p.Path, line: line}
	if j != nil {
		c.job = j
	}
	at := ""
	if ref != "" {
		at = "@" + ref
	}
	c.evidence = p.p.Path + " `" + use + at + "`"
	if line > 0 {
		c.evidence = p.p.Path + ":" + itoa(line) + " `" + use + at + "`"
	}
	c.title = "`" + use + at + "` is not pinned to a commit in " + p.p.Path
	c.detail = "A tag or branch can be moved to new code by whoever controls `" + use + "`; every run then executes it with this job's secrets and token."
	c.remediation = "Pin it to the full commit SHA of the release you reviewed, keeping the tag as a comment:\n\n```yaml\n      - uses: " + use +
		"@<40-character commit SHA> # " + orDefault(ref, "vX.Y.Z") + "\n```\n\nFind the SHA with `git ls-remote https://github.com/" + repoPath(use) +
		" " + orDefault(ref, "<tag>") + "`, and let Dependabot (`package-ecosystem: github-actions`) keep it current."
	return c
}

// repoPath keeps owner/name of owner/name/path.
func repoPath(use string) string {
	parts := strings.SplitN(use, "/", 3)
	if len(parts) < 2 {
		return use
	}
	return parts[0] + "/" + parts[1]
}

// isLocal: a file of the workflow's own repository (./path or $/path).
func isLocal(uses string) bool {
	_, ok := workflow.LocalUses(uses)
	return ok
}
