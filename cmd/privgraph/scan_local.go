package main

func scanLocalCommand() *command {
	return &command{
		name:    "local",
		summary: "scan a directory of checkouts (no network)",
		usage: `privgraph scan local [--db DSN] DIR
`,
		flags: notYet("scan local"),
	}
}
