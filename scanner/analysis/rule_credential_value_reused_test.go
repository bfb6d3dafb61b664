package analysis

import (
	"strings"
	"testing"

	"github.com/privgraph/privgraph/ent"
)

func TestCredentialValueReused(t *testing.T) {
	runRuleCases(t, "GITLAB", checkValueReused, []ruleCase{
		{
			name: "one value under two projects",
			build: func(f *fixture) {
				f.secret("NPM_TOKEN", f.repo("acme/a"), nil, func(c *ent.Credential) { c.ValueFingerprint = "fp1" })
				f.secret("NPM_PUBLISH", f.repo("acme/b"), nil, func(c *ent.Credential) { c.ValueFingerprint = "fp1" })
				f.secret("OTHER", f.repo("acme/c"), nil, func(c *ent.Credential) { c.ValueFingerprint = "fp2" })
			},
			want: []string{"MEDIUM CI_VARIABLE `NPM_PUBLISH` of acme/b", "MEDIUM CI_VARIABLE `NPM_TOKEN` of acme/a"},
		},
		{
			name: "no fingerprints (GitHub never returns values)",
			build: func(f *fixture) {
				f.secret("A", f.repo("acme/a"), nil)
				f.secret("B", f.repo("acme/b"), nil)
			},
			want: []string{},
		},
	})
}

// TestValueReusedNeverPrintsFingerprint guards that the keyed fingerprint of
// a value never reaches a finding.
func TestValueReusedNeverPrintsFingerprint(t *testing.T) {
	f := newFixture("GITLAB")
	const fp = "sentinel-fingerprint-0123456789"
	f.secret("NPM_TOKEN", f.repo("acme/a"), nil, func(c *ent.Credential) { c.ValueFingerprint = fp })
	f.secret("NPM_PUBLISH", f.repo("acme/b"), nil, func(c *ent.Credential) { c.ValueFingerprint = fp })
	for _, c := range f.finish().runRules() {
		for _, s := range []string{c.title, c.detail, c.evidence, c.remediation, c.subject, c.evidenceKey} {
			if strings.Contains(s, fp) {
				t.Fatalf("rule %s prints the value fingerprint", c.rule)
			}
		}
	}
}

func TestCredentialValueReusedSettings(t *testing.T) {
	runRuleCases(t, "GITLAB", checkValueReused, []ruleCase{
		{
			name: "a plain setting stored in two projects is not a reused credential",
			build: func(f *fixture) {
				f.secret("KUBE_NAMESPACE", f.repo("acme/a"), nil, func(c *ent.Credential) { c.ValueFingerprint = "fp1" })
				f.secret("DEPLOY_NAMESPACE", f.repo("acme/b"), nil, func(c *ent.Credential) { c.ValueFingerprint = "fp1" })
			},
			want: []string{},
		},
		{
			name: "a masked variable makes the group a credential",
			build: func(f *fixture) {
				f.secret("REGISTRY_LOGIN", f.repo("acme/a"), nil, func(c *ent.Credential) { c.ValueFingerprint, c.Masked = "fp1", true })
				f.secret("PUBLISH_WITH", f.repo("acme/b"), nil, func(c *ent.Credential) { c.ValueFingerprint = "fp1" })
			},
			want: []string{"MEDIUM CI_VARIABLE `PUBLISH_WITH` of acme/b", "MEDIUM CI_VARIABLE `REGISTRY_LOGIN` of acme/a"},
		},
	})
}
