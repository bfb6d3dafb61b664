package analysis

// Fact categories a rule reads; a partial scan whose coverage gaps name one
// of them resolves none of the rule's findings.
const (
	factPipelines    = "pipelines"
	factSecrets      = "secrets"
	factEnvironments = "environments"
	factProtection   = "protection"
	factCodeOwners   = "codeowners"
	factSettings     = "settings"
	factTokens       = "tokens"
	factRunners      = "runners"
)

// rule is one entry of the catalogue.
type rule struct {
	id, severity, description string
	facts                     []string
	check                     func(*snapshot) []candidate
}

// RuleInfo documents one rule of the catalogue.
type RuleInfo struct {
	ID string `json:"id"`
	// Severity is the rule's highest severity.
	Severity string `json:"severity"`
	// Description says when it fires, in one line.
	Description string `json:"description"`
}

// catalogue lists every implemented rule, in DESIGN.md's order.
func catalogue() []rule {
	return []rule{
		ruleSecretInUntrustedTrigger(), ruleInjectionInPrivilegedJob(), ruleSecretsWholeContext(),
		ruleUntrustedCheckout(), ruleTokenPermissionsWriteAll(), ruleTokenPermissionsUnset(),
		ruleTokenPermissionsExcessive(), ruleDefaultWorkflowPermissionsWrite(), ruleSecretExposedBeyondNeed(),
		ruleSecretShouldBeEnvironmentScoped(), ruleOrgSecretVisibilityTooBroad(), ruleSecretUnused(),
		ruleSecretsInherit(), ruleCredentialSharedAcrossStages(), ruleStaticCloudCredential(),
		rulePersonalTokenInPipeline(), ruleCredentialNotRotated(), ruleCredentialValueReused(),
		ruleVariableUnprotected(), ruleVariableUnmasked(), ruleEnvironmentUnprotected(),
		ruleDeploySelfReviewAllowed(), ruleEnvironmentAnyBranch(), ruleDeployWithoutEnvironment(),
		rulePipelineDefinitionsUnowned(), ruleDefaultBranchUnprotected(), ruleBranchProtectionWeak(),
		ruleUnpinnedAction(), ruleSelfModifyingPipeline(), ruleSelfHostedRunnerSharedWithUntrusted(),
		ruleGitHubAppTokenOverscoped(), ruleCheckoutPersistsCredentials(), ruleAppInstallationAllRepositories(),
		ruleDeployKeyWriteAccess(), ruleAccessTokenOverscoped(), ruleProtectionRemoved(),
		// beyond DESIGN.md's catalogue
		ruleJobTokenAllowlistDisabled(),
	}
}

// Rules lists the catalogue: id, highest severity, one-line description.
func Rules() []RuleInfo {
	rules := catalogue()
	out := make([]RuleInfo, len(rules))
	for i, r := range rules {
		out[i] = RuleInfo{ID: r.id, Severity: r.severity, Description: r.description}
	}
	return out
}

// runRules runs the catalogue over the snapshot.
func (s *snapshot) runRules() []candidate {
	var out []candidate
	for _, r := range catalogue() {
		for _, c := range r.check(s) {
			c.rule = r.id
			out = append(out, c)
		}
	}
	return out
}

// ruleFacts maps rule id -> fact categories.
func ruleFacts() map[string][]string {
	out := map[string][]string{}
	for _, r := range catalogue() {
		out[r.id] = r.facts
	}
	return out
}
