// Package gitlabtest is a fake GitLab REST API (v4) for tests and for
// `privgraph demo`: a group tree served under /api/v4/ in GitLab's response
// shapes, with offset and keyset pagination, RateLimit-* headers, injectable
// faults and a request log.
//
// The fixtures are privgraph's own; their shapes follow GitLab's API
// documentation.
package gitlabtest

// Fixture is the instance the fake serves.
type Fixture struct {
	// User is the token's user; IsAdmin unlocks instance resources.
	User User
	// TokenScopes are reported by /personal_access_tokens/self.
	TokenScopes []string
	// Groups are the target group and its subgroups (any order).
	Groups   []Group
	Projects []Project
	// Instance-level resources (served only to administrators).
	InstanceVariables []Variable
	InstanceRunners   []Runner
	// Runners holds the detail of every runner by id (GET /runners/:id).
	Runners []Runner
	// NoTotalsAbove: lists longer than this omit X-Total and X-Total-Pages,
	// as GitLab does above 10,000 rows. 0 means 10,000.
	NoTotalsAbove int
	// RateLimit is the requests allowed per minute (default 2,000); past it
	// the fake answers 429 with Retry-After until the minute ends.
	RateLimit int
	// Keyset makes every list answer with keyset pagination (Link only, no
	// X-Page headers), as GitLab does for the endpoints that support it.
	Keyset bool
}

// User is the scan token's user.
type User struct {
	ID       int
	Username string
	IsAdmin  bool
}

// Group is a GitLab group; Path is its full path ("demo/platform").
type Group struct {
	ID                    int
	Path                  string
	Description           string
	Variables             []Variable
	AccessTokens          []AccessToken
	DeployTokens          []DeployToken
	Runners               []int // ids of group runners (details in Fixture.Runners)
	Members               []Member
	ProtectedEnvironments []ProtectedEnvironment
}

// Project is a GitLab project; Path is its full path ("demo/platform/api").
type Project struct {
	ID                    int
	Path                  string
	Visibility            string // private, internal, public
	DefaultBranch         string // "" for an empty repository
	Archived              bool
	CIConfigPath          string
	AllowTriggerApprove   bool
	Files                 map[string]string // path -> content at the default branch
	Variables             []Variable
	AccessTokens          []AccessToken
	DeployTokens          []DeployToken
	DeployKeys            []DeployKey
	Runners               []int
	Environments          []Environment
	ProtectedEnvironments []ProtectedEnvironment
	ProtectedBranches     []ProtectedBranch
	ProtectedTags         []ProtectedTag
	Approvals             *Approvals
	ApprovalRules         []ApprovalRule
	JobTokenInbound       bool
	JobTokenAllowlist     []string // project paths
	JobTokenGroups        []string // group paths
}

// Variable is a CI/CD variable; Value is served as GitLab serves it
// (null when Hidden).
type Variable struct {
	Key              string
	Value            string
	VariableType     string // env_var (default) or file
	Protected        bool
	Masked           bool
	Hidden           bool
	Raw              bool
	EnvironmentScope string // default *
	Description      string
}

// AccessToken is a project or group access token.
type AccessToken struct {
	ID          int
	Name        string
	Scopes      []string
	AccessLevel int
	ExpiresAt   string // YYYY-MM-DD or "" (never)
	LastUsedAt  string // RFC 3339 or ""
	CreatedAt   string
	Revoked     bool
	UserID      int
}

// DeployToken is a project or group deploy token.
type DeployToken struct {
	ID        int
	Name      string
	Username  string
	Scopes    []string
	ExpiresAt string // RFC 3339 or ""
	Revoked   bool
	Expired   bool
}

// DeployKey is a project deploy key.
type DeployKey struct {
	ID      int
	Title   string
	CanPush bool
}

// Runner is a runner and its detail.
type Runner struct {
	ID          int
	Description string
	Type        string // instance_type, group_type, project_type
	Tags        []string
	RunUntagged bool
	Locked      bool
	Protected   bool // access_level ref_protected
	Paused      bool
	Projects    []string // project paths it is assigned to
	Groups      []string
}

// Member is a group member.
type Member struct {
	ID          int
	Username    string
	AccessLevel int
}

// Environment is a project environment.
type Environment struct {
	Name string
	Tier string // production, staging, testing, development, other
}

// ProtectedEnvironment is a protected environment (name, or tier on groups).
type ProtectedEnvironment struct {
	Name              string
	DeployAccess      []Access
	RequiredApprovals int
	ApprovalRules     []Access
}

// Access is an access-level entry; AccessLevel 0 with no user or group is
// "No one".
type Access struct {
	AccessLevel       int
	Description       string
	UserID            int
	GroupID           int
	RequiredApprovals int
}

// ProtectedBranch is a protected branch rule.
type ProtectedBranch struct {
	Name                      string
	Push                      []Access
	Merge                     []Access
	AllowForcePush            bool
	CodeOwnerApprovalRequired bool
}

// ProtectedTag is a protected tag pattern and who may create matching tags.
type ProtectedTag struct {
	Name   string
	Create []Access
}

// Approvals are a project's merge request approval settings.
type Approvals struct {
	ApprovalsBeforeMerge      int
	ResetApprovalsOnPush      bool
	AuthorApproval            bool
	DisableCommittersApproval bool
}

// ApprovalRule is a merge request approval rule.
type ApprovalRule struct {
	Name              string
	RuleType          string // regular, code_owner, any_approver
	ApprovalsRequired int
	ProtectedBranches []string
	AllProtected      bool
}
