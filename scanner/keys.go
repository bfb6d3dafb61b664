package scanner

import (
	"strings"
)

// Stable keys: built from platform names, never database ids, so that a
// rescan finds the same rows and findings keep their triage. Each key is
// prefixed by its parent's key, which makes a target's rows easy to find.

// OwnerKey is the key of an organization, group or local root.
func OwnerKey(p Platform, name string) string {
	return strings.ToLower(string(p)) + ":" + strings.ToLower(name)
}

// RepositoryKey is the key of a repository.
func RepositoryKey(p Platform, fullName string) string {
	return strings.ToLower(string(p)) + ":" + strings.ToLower(fullName)
}

// PipelineKey is the key of a pipeline definition.
func PipelineKey(repoKey, path string) string { return repoKey + "#" + path }

// JobKey is the key of a job.
func JobKey(pipelineKey, job string) string { return pipelineKey + "#" + job }

// EnvironmentKey is the key of an environment.
func EnvironmentKey(repoKey, name string) string {
	return repoKey + "@env:" + strings.ToLower(name)
}

// CredentialKey is the key of a credential under its parent (owner,
// repository or environment key).
func CredentialKey(parentKey string, c Credential) string {
	k := parentKey + "|cred:" + string(c.Kind) + ":" + credentialName(c)
	if c.EnvironmentScope != "" && c.EnvironmentScope != "*" {
		k += "@" + c.EnvironmentScope
	}
	if c.ID != "" {
		k += "#" + c.ID
	}
	if c.Scope == ScopeUnknown {
		// a reference no scope the scan read could resolve: never the same
		// row as a stored credential a partial scan kept
		k += "?"
	}
	return k
}

// credentialName is the name as the platform compares it: GitHub secret
// names are case-insensitive (stored upper-case), others are exact.
func credentialName(c Credential) string {
	switch c.Kind {
	case ActionsSecret, DependabotSecret:
		return strings.ToUpper(c.Name)
	}
	return c.Name
}

// ProtectionKey is the key of a branch protection rule.
func ProtectionKey(repoKey string, b BranchProtection) string {
	return repoKey + "|bp:" + b.Source + ":" + b.Name + ":" + b.Pattern
}

// CodeOwnersKey is the key of a CODEOWNERS file.
func CodeOwnersKey(repoKey, path string) string { return repoKey + "|co:" + path }

// IdentityKey is the key of an identity.
func IdentityKey(ownerKey, kind, name string) string {
	return ownerKey + "|id:" + kind + ":" + strings.ToLower(name)
}

// TeamKey is the key of a team.
func TeamKey(ownerKey, slug string) string { return ownerKey + "|team:" + strings.ToLower(slug) }

// RunnerGroupKey is the key of a runner group.
func RunnerGroupKey(ownerKey, level, name string) string {
	return ownerKey + "|rg:" + level + ":" + name
}
