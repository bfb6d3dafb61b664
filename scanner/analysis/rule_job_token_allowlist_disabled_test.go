package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestJobTokenAllowlistDisabled(t *testing.T) {
	yes, no := true, false
	runRuleCases(t, "GITLAB", checkJobTokenAllowlist, []ruleCase{
		{
			name: "allowlist not enforced",
			build: func(f *fixture) {
				f.repo("acme/api", func(r *ent.Repository) { r.JobTokenScopeEnabled = &no })
			},
			want: []string{"MEDIUM acme/api: CI/CD job token inbound allowlist `enabled` = false"},
		},
		{
			name: "enforced, unknown (not read), or archived",
			build: func(f *fixture) {
				f.repo("acme/api", func(r *ent.Repository) { r.JobTokenScopeEnabled = &yes })
				f.repo("acme/web", func(r *ent.Repository) { r.JobTokenScopeEnabled = nil })
				f.repo("acme/old", func(r *ent.Repository) { r.JobTokenScopeEnabled, r.Archived = &no, true })
			},
			want: []string{},
		},
	})
}
