package main

func demoCommand() *command {
	return &command{
		name:    "demo",
		summary: "scan the bundled fake GitHub and GitLab APIs and serve the dashboard",
		usage: `privgraph demo [--addr 127.0.0.1:8080] [--fake-apis-only [--fake-addr 127.0.0.1:PORT]]
`,
		flags: notYet("demo"),
	}
}
