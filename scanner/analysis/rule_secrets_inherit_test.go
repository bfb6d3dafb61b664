package analysis

import (
	"strings"
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestSecretsInherit(t *testing.T) {
	runRuleCases(t, "GITHUB", checkSecretsInherit, []ruleCase{
		{
			name: "call with secrets: inherit (rapidsai/rmm shape)",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/rmm"), ".github/workflows/build.yaml", "push"), "upload-conda", "DEPLOY", with(func(j *ent.Job) {
					j.Calls, j.SecretsInherit = "acme/shared-workflows/.github/workflows/conda-upload-packages.yaml@main", true
				}))
			},
			want: []string{"MEDIUM .github/workflows/build.yaml:10 job `upload-conda`"},
		},
		{
			name: "explicit secrets mapping",
			build: func(f *fixture) {
				f.job(f.pipeline(f.repo("acme/rmm"), ".github/workflows/build.yaml", "push"), "upload", "DEPLOY",
					with(func(j *ent.Job) { j.Calls = "./.github/workflows/upload.yaml" }))
			},
			want: []string{},
		},
	})
}

func TestInheritFixListsCalleeSecrets(t *testing.T) {
	f := newFixture("GITHUB")
	r := f.repo("acme/app")
	caller := f.job(f.pipeline(r, ".github/workflows/release.yml", "push"), "publish", "DEPLOY",
		with(func(j *ent.Job) { j.Calls, j.SecretsInherit = "./.github/workflows/publish.yml", true }))
	callee := f.job(f.pipeline(r, ".github/workflows/publish.yml", "workflow_call"), "npm", "DEPLOY")
	f.use(callee, f.secret("NPM_TOKEN", r, nil), 20)
	f.finish()
	want := "```yaml\n    secrets:\n      NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n```"
	if got := inheritFix(caller); !strings.Contains(got, want) {
		t.Errorf("inheritFix = %q, want it to contain %q", got, want)
	}
}
