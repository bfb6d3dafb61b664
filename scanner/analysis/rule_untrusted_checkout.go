package analysis

func ruleUntrustedCheckout() rule {
	return rule{
		id: "untrusted-checkout", severity: High, facts: []string{factPipelines, factSettings},
		description: "a job of a pull_request_target / workflow_run / issue_comment workflow checks out the pull-request head, even without secrets",
		check:       checkUntrustedCheckout,
	}
}

// checkUntrustedCheckout fires on jobs that run pull-request code under a
// privileged trigger but hold no secrets (secret-in-untrusted-trigger covers
// the others).
func checkUntrustedCheckout(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		if !j.runsOutsideCode() || j.privileged() {
			continue
		}
		c := forJob("", High, j)
		trig := join(j.untrustedTriggers())
		c.title = "Job `" + j.j.Name + "` checks out pull-request code under " + trig
		if st := checkoutStep(j); st != nil {
			c.file, c.line = st.File, st.Line
			c.evidence = st.File + ":" + itoa(st.Line) + " " + st.What + " in job `" + j.j.Name + "`"
		}
		c.detail = "The job holds no secrets today, but it runs outsiders' code in the base repository's context " +
			"(its cache, its runner, its token). Any secret or write permission added later is exposed at once."
		if j.tokenLevel() == "" {
			c.detail += " The repository's default GITHUB_TOKEN permission is unknown: if it is write, this job holds a write token."
		}
		c.remediation = "Run the pull-request code in a `pull_request` workflow instead, or keep this job and pin its token to nothing:\n\n" +
			permissionsYAML(nil, "    ") + "\n\nNever restore caches or reuse artifacts produced by this job in privileged workflows."
		out = append(out, c)
	}
	return out
}
