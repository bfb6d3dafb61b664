package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/change"
)

func TestProtectionRemoved(t *testing.T) {
	bpKey := "github:acme/api|bp:CLASSIC::main"
	envKey := "github:acme/api@env:production"
	ch := func(entity, key string, kind change.Kind, before string) *ent.Change {
		return &ent.Change{Entity: entity, EntityKey: key, Kind: kind, Before: before, CreatedAt: testNow, Summary: entity + " changed"}
	}
	repo := func(f *fixture) *repoInfo {
		r := f.repo("acme/api")
		r.r.Key = "github:acme/api"
		return r
	}
	runRuleCases(t, "GITHUB", checkProtectionRemoved, []ruleCase{
		{
			name: "branch protection removed and still absent",
			build: func(f *fixture) {
				repo(f)
				f.s.changes = []*ent.Change{ch("BranchProtection", bpKey, change.KindREMOVED, `{"required_approvals":1}`)}
			},
			want: []string{"HIGH BranchProtection `" + bpKey + "`: removed"},
		},
		{
			name: "reviewers removed from production and not restored",
			build: func(f *fixture) {
				r := repo(f)
				e := f.env(r, "production", func(e *ent.Environment) { e.Production = true })
				e.e.Key = envKey
				f.s.changes = []*ent.Change{ch("Environment", envKey, change.KindMODIFIED, `{"required_reviewers":["acme/sre"],"prevent_self_review":true}`)}
			},
			want: []string{"HIGH Environment `" + envKey + "`: prevent_self_review turned off, required_reviewers removed"},
		},
		{
			name: "restored since; and a change that tightened",
			build: func(f *fixture) {
				r := repo(f)
				r.r.Edges.BranchProtections = []*ent.BranchProtection{{Key: bpKey, Source: "CLASSIC", Pattern: "main", RequiredApprovals: 1}}
				e := f.env(r, "production", func(e *ent.Environment) { e.RequiredReviewers = []string{"acme/sre"} })
				e.e.Key = envKey
				f.s.changes = []*ent.Change{
					ch("BranchProtection", bpKey, change.KindREMOVED, `{"required_approvals":1}`),
					ch("Environment", envKey, change.KindMODIFIED, `{"required_reviewers":null}`),
				}
			},
			want: []string{},
		},
		{
			name: "the repository itself is gone",
			build: func(f *fixture) {
				f.s.changes = []*ent.Change{ch("BranchProtection", bpKey, change.KindREMOVED, `{"required_approvals":1}`)}
			},
			want: []string{},
		},
		{
			name: "an unprotected environment was deleted",
			build: func(f *fixture) {
				repo(f)
				f.s.changes = []*ent.Change{ch("Environment", envKey, change.KindREMOVED, `{"protected":false,"required_reviewers":null}`)}
			},
			want: []string{},
		},
	})
}
