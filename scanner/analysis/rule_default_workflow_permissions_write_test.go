package analysis

import (
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestDefaultWorkflowPermissionsWrite(t *testing.T) {
	yes := true
	runRuleCases(t, "GITHUB", checkDefaultWorkflowPermissions, []ruleCase{
		{
			name: "organization default write and Actions may approve",
			build: func(f *fixture) {
				f.owner().DefaultWorkflowPermissions, f.owner().CanApprovePullRequests = "write", &yes
				f.repo("acme/api", func(r *ent.Repository) { r.DefaultWorkflowPermissions = "write" })
			},
			want: []string{
				"HIGH acme: Actions setting `can_approve_pull_request_reviews` = true",
				"HIGH acme: Actions setting `default_workflow_permissions` = write",
			},
		},
		{
			name: "repository opts into write under a read organization",
			build: func(f *fixture) {
				f.owner().DefaultWorkflowPermissions = "read"
				f.repo("acme/api", func(r *ent.Repository) { r.DefaultWorkflowPermissions = "write" })
			},
			want: []string{"HIGH acme/api: Actions setting `default_workflow_permissions` = write"},
		},
		{
			name: "read defaults",
			build: func(f *fixture) {
				f.owner().DefaultWorkflowPermissions = "read"
				f.repo("acme/api", func(r *ent.Repository) { r.DefaultWorkflowPermissions = "read" })
			},
			want: []string{},
		},
	})
}
