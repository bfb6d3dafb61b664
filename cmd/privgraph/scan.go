package main

func scanCommand() *command {
	return &command{
		name:    "scan",
		summary: "scan a GitHub organization, a GitLab group or a local directory",
		usage: `privgraph scan github|gitlab|local [flags]

Scans one target and records what it holds in the inventory, in one
transaction: a scan that fails leaves the previous inventory as it was.
Progress goes to stderr.
`,
		subs: []*command{scanGitHubCommand(), scanGitLabCommand(), scanLocalCommand()},
	}
}
