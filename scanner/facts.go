// Package scanner defines what one scan finds (Facts), the Source each
// platform implements, and Ingest, which writes Facts into the graph in one
// transaction. Platform packages (github, gitlab, local) never import ent.
package scanner

import (
	"context"
	"sort"
	"time"

	"github.com/privgraph/privgraph/scanner/workflow"
)

// Platform is where facts come from.
type Platform string

// Platforms.
const (
	GitHub Platform = "GITHUB"
	GitLab Platform = "GITLAB"
	Local  Platform = "LOCAL"
)

// CredentialKind mirrors the graph's Credential.kind.
type CredentialKind string

// Credential kinds.
const (
	ActionsSecret      CredentialKind = "ACTIONS_SECRET"
	DependabotSecret   CredentialKind = "DEPENDABOT_SECRET"
	CIVariable         CredentialKind = "CI_VARIABLE"
	DeployKey          CredentialKind = "DEPLOY_KEY"
	DeployToken        CredentialKind = "DEPLOY_TOKEN"
	ProjectAccessToken CredentialKind = "PROJECT_ACCESS_TOKEN"
	GroupAccessToken   CredentialKind = "GROUP_ACCESS_TOKEN"
	AppInstallation    CredentialKind = "APP_INSTALLATION"
	GitHubToken        CredentialKind = "GITHUB_TOKEN"
	OIDCTrust          CredentialKind = "OIDC_TRUST"
	RunnerCredential   CredentialKind = "RUNNER"
	JenkinsCredential  CredentialKind = "JENKINS_CREDENTIAL"
	// ExternalSecret is a secret a job fetches from an external store
	// (GitLab secrets: from Vault, Azure Key Vault, GCP Secret Manager).
	ExternalSecret CredentialKind = "EXTERNAL_SECRET"
)

// Scope mirrors the graph's Credential.scope.
type Scope string

// Credential scopes.
const (
	ScopeInstance    Scope = "INSTANCE"
	ScopeOwner       Scope = "OWNER"
	ScopeRepository  Scope = "REPOSITORY"
	ScopeEnvironment Scope = "ENVIRONMENT"
	ScopeUnknown     Scope = "UNKNOWN"
)

// Source is one platform scanner.
type Source interface {
	// Scan reads one target. A 403/404 on one resource is a Gap in Facts, not
	// an error; bad credentials, a dead network or a cancelled ctx are errors,
	// and then nothing is written.
	Scan(ctx context.Context, target string) (*Facts, error)
}

// Facts is everything one scan found about one target. It never holds a
// secret value: only fingerprints.
type Facts struct {
	Platform Platform
	// Target is what was scanned (organization login, group path, directory).
	Target string
	Owner  Owner
	// Subgroups are nested GitLab groups; their repositories are in
	// Repositories with OwnerName set to the subgroup's full path.
	Subgroups    []Owner
	Repositories []Repository
	// Credentials held above repositories: instance and owner (org/group) scope.
	Credentials  []Credential
	Identities   []Identity
	Teams        []Team
	RunnerGroups []RunnerGroup
	// Gaps says what could not be read and why, one sentence each.
	Gaps []string
	// Unread says which parts of the inventory the scan could not read, so
	// that Ingest keeps what an earlier scan found there instead of
	// deleting it. Every gap should come with one.
	Unread []Unread
	// TokenScopes are the scan token's own scopes or permissions, as reported.
	TokenScopes   []string
	TokenCanWrite bool
	// Requests and NotModified count the HTTP requests of the scan.
	Requests    int
	NotModified int
}

// Unread names one part of the inventory a scan could not read.
type Unread struct {
	// What: "repositories" (the listing itself), "instance" (instance-level
	// credentials and runners), "credentials",
	// "environments", "protections", "codeowners", "pipelines", "teams",
	// "identities" or "runners".
	What string
	// Repository is the full name of the repository concerned; "" for the
	// owner level (organization or group credentials, teams, …).
	Repository string
}

// UnreadStrings turns Unread entries into the form Scan.unread stores:
// "what" for the owner level, "what:repository" otherwise, sorted.
func UnreadStrings(us []Unread) []string {
	out := make([]string, 0, len(us))
	seen := map[string]bool{}
	for _, u := range us {
		s := u.What
		if u.Repository != "" {
			s += ":" + u.Repository
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// Owner is a GitHub organization, a GitLab group or a local root.
type Owner struct {
	Name string // login, group full path, or directory
	URL  string
	// ParentName is the parent group's full path (GitLab subgroups).
	ParentName string
	// DefaultWorkflowPermissions is read, write, or "" when unknown.
	DefaultWorkflowPermissions string
	CanApprovePullRequests     *bool
	AllowedActions             string
	// Variables are the owner's configuration variables as NAME:visibility
	// (GitHub organization variables); never their values.
	Variables []string
}

// Repository is a repository, project, or local folder.
type Repository struct {
	FullName      string
	OwnerName     string // "" = Facts.Owner; a subgroup path otherwise
	URL           string
	Visibility    string
	DefaultBranch string
	Archived      bool
	Fork          bool
	// DefaultWorkflowPermissions is read, write, or "" when unknown.
	DefaultWorkflowPermissions string
	CanApprovePullRequests     *bool
	// ActionsEnabled says whether GitHub Actions may run in the repository:
	// the organization's policy, or the repository's own when the scan
	// reads it (scan github --repo-actions-policy); nil when unknown.
	ActionsEnabled *bool
	// AllowedActions is the actions policy that applies: all, local_only or
	// selected (the organization's unless the repository's own was read; a
	// repository may narrow the organization's).
	AllowedActions string
	// ProtectedTags are GitLab protected tag patterns with who may create
	// them, as "PATTERN: who, who".
	ProtectedTags        []string
	JobTokenAllowlist    []string
	JobTokenScopeEnabled *bool

	Pipelines    []workflow.Pipeline
	Environments []Environment
	// Credentials at repository or environment scope (Environment set).
	Credentials []Credential
	Protections []BranchProtection
	CodeOwners  []CodeOwnersFile
	// Teams with access: slug -> permission (admin, maintain, push, …).
	TeamPermissions map[string]string
}

// Environment is a deployment environment and its guards.
type Environment struct {
	Name               string
	Production         bool
	Tier               string
	Protected          bool
	RequiredReviewers  []string
	RequiredApprovals  int
	PreventSelfReview  bool
	WaitTimer          int
	BranchPolicy       string // any, protected, custom
	BranchPatterns     []string
	CustomRules        []string
	DeployAccessLevels []string
}

// Credential is one credential; see the graph's Credential for the fields.
type Credential struct {
	Kind CredentialKind
	Name string
	// Scope, with Environment set for ENVIRONMENT scope. Repository-level
	// credentials are listed under their Repository.
	Scope       Scope
	Environment string
	// OwnerName is the group an OWNER-scoped credential belongs to when it
	// is not the target itself (GitLab subgroups: the subgroup's full path).
	OwnerName            string
	Visibility           string
	SelectedRepositories []string
	Protected            bool
	Masked               bool
	Hidden               bool
	Raw                  bool
	VariableType         string
	EnvironmentScope     string
	Description          string
	CreatedAt            *time.Time
	UpdatedAt            *time.Time
	ExpiresAt            *time.Time
	LastUsedAt           *time.Time
	Permissions          []string
	AccessLevel          string
	ReadOnly             bool
	Active               bool
	// ValueFingerprint is an HMAC of the value, never the value.
	ValueFingerprint string
	StaticCloudKey   bool
	PersonalToken    bool
	// Identity names the Identity this credential acts as (app slug).
	Identity string
	// ID distinguishes credentials that share a name (two deploy keys with one
	// title); it is part of the stable key. Optional.
	ID string
}

// Identity is an app installation, bot, machine user or service account.
type Identity struct {
	Kind                string // GITHUB_APP, BOT, MACHINE_USER, SERVICE_ACCOUNT, PROJECT_BOT
	Name                string
	Permissions         []string
	RepositorySelection string
	Repositories        []string
	CanWrite            bool
}

// Team owns repositories.
type Team struct {
	Name string
	Slug string
	// RepositoryPermissions maps repository full name -> permission.
	RepositoryPermissions map[string]string
}

// RunnerGroup is a group of self-hosted runners.
type RunnerGroup struct {
	Name string
	// OwnerName is the group the runners belong to when it is not the
	// target itself (GitLab subgroup runners).
	OwnerName                string
	Level                    string // instance, organization, group, repository
	Visibility               string
	AllowsPublicRepositories bool
	SelectedRepositories     []string
	SelectedWorkflows        []string
	ProtectedRefsOnly        bool
	RunUntagged              bool
	// Locked is set for a GitLab runner locked to its current projects.
	Locked  bool
	Labels  []string
	Runners []Runner
}

// Runner is one self-hosted runner.
type Runner struct {
	Name   string
	Labels []string
	Status string
	OS     string
}

// BranchProtection is one rule that guards the default branch.
type BranchProtection struct {
	Source             string // CLASSIC, RULESET, GITLAB
	Name               string
	Pattern            string
	RequiredApprovals  int
	CodeOwnerReview    bool
	DismissStale       bool
	EnforceAdmins      bool
	AllowForcePush     bool
	AllowDeletions     bool
	RequiredSignatures bool
	StatusChecks       []string
	BypassActors       []string
	PushAccess         []string
	MergeAccess        []string
}

// CodeOwnersFile is one CODEOWNERS file.
type CodeOwnersFile struct {
	Path   string
	Rules  []CodeOwnersRule
	Errors []string
}

// CodeOwnersRule is one line of a CODEOWNERS file.
type CodeOwnersRule struct {
	Pattern string
	Owners  []string
	Line    int
}
