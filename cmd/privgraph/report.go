package main

func reportCommand() *command {
	return &command{
		name:    "report",
		summary: "write remediation checklists (markdown, json, sarif) and gate CI",
		usage: `privgraph report [--format markdown|json|sarif] [--team T] [--repo R] [--fail-on SEVERITY]
`,
		flags: notYet("report"),
	}
}
