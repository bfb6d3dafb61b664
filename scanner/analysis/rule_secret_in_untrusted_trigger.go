package analysis

import "strings"

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
		c := forJob("", Critical, j)
		trig := join(j.untrustedTriggers())
		c.title = "Job `" + j.j.Name + "` runs pull-request code under " + trig + " with " + join(j.privileges())
		if st := checkoutStep(j); st != nil {
			c.line = st.Line
			c.evidence = j.pipe.p.Path + ":" + itoa(st.Line) + " checks out `" + st.With["ref"] + "` in job `" + j.j.Name + "`"
		}
		c.detail = "Under " + trig + " the job runs with the base repository's secrets and token, but it executes code " +
			"from the pull request. Anyone who can open a pull request (or comment) can read " + join(j.privileges()) + "."
		c.remediation = "Split the workflow: run the untrusted code in a `pull_request` workflow with no secrets and " +
			"`permissions: {}`, upload its results as an artifact, and consume them in a separate `workflow_run` job that never checks out or executes pull-request code.\n\n" +
			"If this job must stay, remove the checkout of the pull-request head (`ref: ${{ github.event.pull_request.head.sha }}`), " +
			"drop the secrets it reads, and set:\n\n" + permissionsYAML(nil, "    ")
		out = append(out, c)
	}
	return out
}

// checkoutStep returns the step that checks out pull-request code, if the
// parser recorded one.
func checkoutStep(j *jobInfo) *stepRef {
	for i, st := range j.detail.Steps {
		ref := st.With["ref"] + " " + st.With["repository"] + " " + st.Run
		if strings.Contains(ref, "pull_request.head") || strings.Contains(ref, "head_ref") ||
			strings.Contains(ref, "refs/pull/") || strings.Contains(ref, "gh pr checkout") {
			return &stepRef{Line: st.Line, With: j.detail.Steps[i].With}
		}
	}
	return nil
}

type stepRef struct {
	Line int
	With map[string]string
}
