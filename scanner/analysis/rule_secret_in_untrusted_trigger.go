package analysis

import (
	"regexp"
	"strings"
)

func ruleSecretInUntrustedTrigger() rule {
	return rule{
		id: "secret-in-untrusted-trigger", severity: Critical, facts: []string{factPipelines, factSettings},
		description: "a pull_request_target / workflow_run / issue_comment job runs pull-request code while it can read secrets or a write token",
		check:       checkSecretInUntrustedTrigger,
	}
}

func checkSecretInUntrustedTrigger(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		if !j.runsOutsideCode() || !j.privileged() {
			continue
		}
		sev := Critical
		if guardedBy(j) != "" {
			sev = High
		}
		c := forJob("", sev, j)
		trig := join(j.untrustedTriggers())
		c.title = "Job `" + j.j.Name + "` runs pull-request code under " + trig + " with " + join(j.privileges())
		if st := checkoutStep(j); st != nil {
			c.file, c.line = st.File, st.Line
			c.evidence = st.File + ":" + itoa(st.Line) + " " + st.What + " in job `" + j.j.Name + "`"
		}
		c.detail = "Under " + trig + " the job runs with the base repository's secrets and token, but it executes code " +
			"from the pull request. Anyone who can open a pull request (or comment) can read " + join(j.privileges()) + "."
		if g := guardedBy(j); g != "" {
			c.detail += " The job runs only when `" + oneLine(g) + "` holds, which narrows who can reach it; the pattern stays fragile."
		}
		c.remediation = "Split the workflow: run the untrusted code in a `pull_request` workflow with no secrets and " +
			"`permissions: {}`, upload its results as an artifact, and consume them in a separate `workflow_run` job that never checks out or executes pull-request code.\n\n" +
			"If job `" + j.j.Name + "` must stay, remove the step at `" + firstWord(c.evidence) + "` that fetches the pull request, " +
			"drop " + join(j.privileges()) + ", and set:\n\n" + permissionsYAML(nil, "    ")
		out = append(out, c)
	}
	return out
}

// firstWord returns s up to its first space (the file:line of an evidence).
func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// prHeadRef matches references to pull-request-controlled code (as the
// workflow parser does when it sets Job.untrusted_checkout).
var prHeadRef = regexp.MustCompile(`(?i)github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|refs/pull/|github\.event\.workflow_run\.head_(sha|branch)|github\.event\.pull_request\.merge_commit_sha|gh pr checkout|pull/\$\{\{|github\.event\.issue\.pull_request`)

// checkoutStep returns the step that checks out pull-request code.
func checkoutStep(j *jobInfo) *stepRef {
	for _, st := range j.detail.Steps {
		var what string
		switch {
		case strings.EqualFold(st.Uses, "actions/checkout") &&
			(prHeadRef.MatchString(st.With["ref"]) || strings.Contains(st.With["repository"], "pull_request.head.repo")):
			what = "checks out `" + orDefault(st.With["ref"], st.With["repository"]) + "`"
		case st.Run != "" && (strings.Contains(st.Run, "gh pr checkout") || strings.Contains(st.Run, "git fetch") && prHeadRef.MatchString(st.Run)):
			what = "fetches pull-request code in a script"
		default:
			continue
		}
		return &stepRef{Line: st.Line, File: j.fileOf(st.File), What: what}
	}
	return nil
}

type stepRef struct {
	Line int
	File string
	What string
}

// guardedBy returns the job condition when it limits who can trigger it
// (an author, association or bot check), "" otherwise.
func guardedBy(j *jobInfo) string {
	cond := j.detail.If
	for _, w := range []string{"author_association", "user.login", "github.actor", "dependabot[bot]", "github.triggering_actor"} {
		if strings.Contains(cond, w) {
			return cond
		}
	}
	return ""
}
