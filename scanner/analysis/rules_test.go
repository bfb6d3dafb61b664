package analysis

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRulesAreTheContract: rule ids are DESIGN.md's catalogue, in its order,
// then the rules privgraph added after it (extensions, never renames), each
// with a severity of the Finding enum and a description.
func TestRulesAreTheContract(t *testing.T) {
	want := []string{
		"secret-in-untrusted-trigger", "injection-in-privileged-job", "secrets-whole-context", "untrusted-checkout",
		"token-permissions-write-all", "token-permissions-unset", "token-permissions-excessive", "default-workflow-permissions-write",
		"secret-exposed-beyond-need", "secret-should-be-environment-scoped", "org-secret-visibility-too-broad", "secret-unused",
		"secrets-inherit", "credential-shared-across-stages", "static-cloud-credential", "personal-token-in-pipeline",
		"credential-not-rotated", "credential-value-reused", "variable-unprotected", "variable-unmasked",
		"environment-unprotected", "deploy-self-review-allowed", "environment-any-branch", "deploy-without-environment",
		"pipeline-definitions-unowned", "default-branch-unprotected", "branch-protection-weak", "unpinned-action",
		"self-modifying-pipeline", "self-hosted-runner-shared-with-untrusted", "github-app-token-overscoped",
		"checkout-persists-credentials", "app-installation-all-repositories", "deploy-key-write-access",
		"access-token-overscoped", "protection-removed",
		// added beyond DESIGN.md's catalogue
		"job-token-allowlist-disabled",
	}
	var got []string
	for _, r := range Rules() {
		got = append(got, r.ID)
		if _, ok := severityRank[r.Severity]; !ok || r.Description == "" {
			t.Errorf("rule %s: severity %q, description %q", r.ID, r.Severity, r.Description)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Rules() ids (-want +got):\n%s", diff)
	}
	for id, facts := range ruleFacts() {
		if len(facts) == 0 {
			t.Errorf("rule %s declares no fact categories: a partial scan could resolve it blindly", id)
		}
	}
}
