package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestSecretsWholeContext(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSecretsWholeContext, []ruleCase{
		{
			name: "toJSON(secrets) in a push workflow",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/ci"), ".github/workflows/build.yaml", "workflow_call"), "build", "BUILD",
					with(func(j *ent.Job) { j.SecretsWholeContext = true }))
			},
			want: []string{"MEDIUM .github/workflows/build.yaml:10 job `build`"},
		},
		{
			name: "under issue_comment: high",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/ci"), ".github/workflows/cmd.yaml", "issue_comment"), "cmd", "UNKNOWN",
					with(func(j *ent.Job) { j.SecretsWholeContext = true }))
			},
			want: []string{"HIGH .github/workflows/cmd.yaml:10 job `cmd`"},
		},
		{
			name: "named secrets only",
			build: func(f *fixture) {
				r := f.repo("acme/ci")
				f.use(f.job(f.pipeline(r, ".github/workflows/b.yaml", "push"), "b", "BUILD"), f.secret("X", r, nil), 12)
			},
			want: []string{},
		},
	})
}
