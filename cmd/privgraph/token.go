package main

func tokenCommand() *command {
	return &command{
		name:    "token",
		summary: "create and list API tokens for serve",
		usage: `privgraph token create --name N --role reader|triager|admin [--expires 90d]
`,
		flags: notYet("token"),
	}
}
