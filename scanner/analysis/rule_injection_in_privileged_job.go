package analysis

import "strings"

func ruleInjectionInPrivilegedJob() rule {
	return rule{
		id: "injection-in-privileged-job", severity: Critical, facts: []string{factPipelines, factSettings},
		description: "an attacker-controllable context is expanded inside run: or a script input of a job that can read secrets or holds a write token / id-token: write",
		check:       checkInjection,
	}
}

func checkInjection(s *snapshot) []candidate {
	var out []candidate
	for _, j := range s.jobs {
		if len(j.detail.Injections) == 0 || !j.privileged() {
			continue
		}
		sev := High
		if len(j.untrustedTriggers()) > 0 {
			sev = Critical
		}
		for _, in := range j.detail.Injections {
			c := forJob("", sev, j)
			c.evidenceKey = in.Context + "@" + in.Sink + ":" + in.File + ":" + itoa(in.Line)
			c.file, c.line = j.fileOf(in.File), in.Line
			c.evidence = c.file + ":" + itoa(in.Line) + " expands `" + in.Expression + "` in " + in.Sink
			c.title = "`" + in.Context + "` is expanded into a script of job `" + j.j.Name + "`, which holds " + join(j.privileges())
			c.detail = "Whoever controls `" + in.Context + "` can inject shell commands and read " + join(j.privileges()) + "."
			env := envName(in.Context)
			c.remediation = "In `" + c.file + ":" + itoa(in.Line) + "`, replace `" + in.Expression + "` inside the script with `\"$" + env +
				"\"` (quoted), and pass the value through the step's environment, where the shell cannot execute it:\n\n```yaml\n" +
				"        env:\n          " + env + ": ${{ " + in.Context + " }}\n```"
			out = append(out, c)
		}
	}
	return out
}

// envName derives an environment variable name from a context path.
func envName(ctx string) string {
	parts := strings.Split(ctx, ".")
	name := parts[len(parts)-1]
	if len(parts) > 1 {
		name = parts[len(parts)-2] + "_" + name
	}
	name = strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return '_'
	}, name)
	return name
}
