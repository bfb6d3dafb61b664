package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/scanner/workflow"
)

func TestStaticCloudCredential(t *testing.T) {
	runRuleCases(t, "GITHUB", checkStaticCloud, []ruleCase{
		{
			name: "AWS key pair by name (rust-lang/rustup shape)",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("AWS_ACCESS_KEY_ID", r, nil), 21)
				f.use(deploy, f.secret("AWS_SECRET_ACCESS_KEY", r, nil), 22)
			},
			want: []string{"HIGH ACTIONS_SECRET `AWS_ACCESS_KEY_ID` of acme/api", "HIGH ACTIONS_SECRET `AWS_SECRET_ACCESS_KEY` of acme/api"},
		},
		{
			name: "odd name passed to AWS variables (duckdb shape)",
			build: func(f *fixture) {
				r, _, _ := releaseRepo(f, "acme/db")
				j := f.job(f.pipeline(r, ".github/workflows/upload.yml", "push"), "upload", "DEPLOY", steps(workflow.Step{
					Line: 30, Run: "aws s3 cp x s3://bucket", Env: []string{"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"},
					Secrets: []string{"S3_STAGING_ID", "S3_STAGING_KEY"}}))
				f.use(j, f.secret("S3_STAGING_ID", r, nil), 31)
				f.use(j, f.secret("S3_STAGING_KEY", r, nil), 32)
			},
			want: []string{"HIGH ACTIONS_SECRET `S3_STAGING_ID` of acme/db", "HIGH ACTIONS_SECRET `S3_STAGING_KEY` of acme/db"},
		},
		{
			name: "GCP key passed as credentials_json",
			build: func(f *fixture) {
				r, _, _ := releaseRepo(f, "acme/web")
				j := f.job(f.pipeline(r, ".github/workflows/release.yml", "push"), "release", "DEPLOY", steps(workflow.Step{
					Line: 60, Uses: "google-github-actions/auth", With: map[string]string{"credentials_json": "${{ secrets.RELEASE_SA }}"}}))
				f.use(j, f.secret("RELEASE_SA", r, nil), 61)
			},
			want: []string{"HIGH ACTIONS_SECRET `RELEASE_SA` of acme/web"},
		},
		{
			name: "OIDC role ARN is not a key",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("AWS_ROLE_ARN", r, nil), 21)
			},
			want: []string{},
		},
		{
			name: "an R2 key flagged by the scanner's name heuristic but no cloud evidence",
			build: func(f *fixture) {
				r, _, deploy := releaseRepo(f, "acme/api")
				f.use(deploy, f.secret("MIRROR_R2_ACCESS_KEY_ID", r, nil, func(c *ent.Credential) { c.StaticCloudKey = true }), 21)
			},
			want: []string{},
		},
	})
}
