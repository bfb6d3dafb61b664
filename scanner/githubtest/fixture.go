package githubtest

import (
	"strings"
	"time"
)

// Org describes one organization the fake serves. Zero values are GitHub's
// defaults (Actions enabled for all repositories, all actions allowed,
// default workflow permissions read).
type Org struct {
	Login string
	Name  string
	ID    int64
	// DefaultWorkflowPermissions is "read" or "write" ("" = read).
	DefaultWorkflowPermissions string
	CanApprovePullRequests     bool
	EnabledRepositories        string // all, selected, none ("" = all)
	EnabledRepositoryNames     []string
	AllowedActions             string // all, local_only, selected ("" = all)
	PatternsAllowed            []string

	Secrets           []OrgSecret
	DependabotSecrets []OrgSecret
	Variables         []OrgVariable
	Installations     []Installation
	RunnerGroups      []RunnerGroup
	Teams             []Team
	// Rulesets are organization rulesets; they apply to repositories whose
	// name matches RepositoryNames (empty = all).
	Rulesets []Ruleset
	Repos    []Repo
}

// OrgSecret is an organization Actions or Dependabot secret.
type OrgSecret struct {
	Name       string
	Visibility string // all, private, selected
	// Selected are repository names (visibility selected).
	Selected  []string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// OrgVariable is an organization Actions variable.
type OrgVariable struct {
	Name       string
	Value      string
	Visibility string
	Selected   []string
}

// Installation is a GitHub App installed on the organization.
type Installation struct {
	ID          int64
	AppID       int64
	AppSlug     string
	Permissions map[string]string
	// Selection is "all" or "selected"; Repos lists the selected ones.
	Selection string
	Repos     []string
}

// RunnerGroup is an organization runner group with its runners.
type RunnerGroup struct {
	ID                       int64
	Name                     string
	Visibility               string // all, selected, private
	Default                  bool
	AllowsPublicRepositories bool
	RestrictedToWorkflows    bool
	SelectedWorkflows        []string
	Repos                    []string
	Runners                  []Runner
}

// Runner is a self-hosted runner.
type Runner struct {
	ID     int64
	Name   string
	OS     string
	Status string // online, offline
	Labels []string
}

// Team is an organization team and its repository permissions.
type Team struct {
	ID   int64
	Name string
	Slug string
	// Repos maps repository name -> permission (pull, triage, push,
	// maintain, admin).
	Repos map[string]string
}

// Repo is one repository.
type Repo struct {
	ID            int64
	Name          string
	Visibility    string // public, private, internal ("" = private)
	DefaultBranch string // "" = main
	Archived      bool
	Fork          bool
	// Files at the default branch, by path (".github/workflows/ci.yml").
	Files map[string]string

	// DefaultWorkflowPermissions "" = the organization's.
	DefaultWorkflowPermissions string
	CanApprovePullRequests     bool
	// ActionsDisabled turns Actions off in this repository, and
	// AllowedActions narrows the organization's allowed actions ("" = the
	// organization's): GET /repos/{owner}/{repo}/actions/permissions.
	ActionsDisabled bool
	AllowedActions  string

	Secrets           []Secret
	DependabotSecrets []Secret
	Variables         []OrgVariable
	Environments      []Environment
	Protection        *Protection
	Rulesets          []Ruleset
	DeployKeys        []DeployKey
	Runners           []Runner
	CodeOwnersErrors  []CodeOwnersError
}

// Secret is a repository or environment secret (name and dates only: the
// API never returns values).
type Secret struct {
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Environment is a deployment environment.
type Environment struct {
	Name string
	// Reviewers are "user:login" or "team:slug".
	Reviewers         []string
	PreventSelfReview bool
	WaitTimer         int
	// BranchPolicy is "" (any branch), "protected" or "custom".
	BranchPolicy   string
	BranchPatterns []string
	// CustomRules are app slugs of custom deployment protection rules.
	CustomRules []string
	Secrets     []Secret
	Variables   []OrgVariable
}

// Protection is classic branch protection of the default branch.
type Protection struct {
	RequiredApprovals  int
	CodeOwnerReview    bool
	DismissStale       bool
	EnforceAdmins      bool
	AllowForcePush     bool
	AllowDeletions     bool
	RequiredSignatures bool
	StatusChecks       []string
	// PushAllowances restrict who can push ("team:slug", "user:login", "app:slug").
	PushAllowances []string
	// BypassPullRequest may merge without review.
	BypassPullRequest []string
}

// Ruleset is a repository or organization ruleset targeting branches.
type Ruleset struct {
	ID          int64
	Name        string
	Enforcement string // active, evaluate, disabled ("" = active)
	// Include and Exclude are ref patterns (~DEFAULT_BRANCH, ~ALL,
	// refs/heads/main, refs/heads/release/*).
	Include []string
	Exclude []string
	// RepositoryNames limits an organization ruleset ("" = all).
	RepositoryNames []string
	// Rules: pull_request, required_status_checks, non_fast_forward,
	// deletion, required_signatures, ...
	RequiredApprovals  int
	CodeOwnerReview    bool
	DismissStale       bool
	StatusChecks       []string
	BlockForcePush     bool
	BlockDeletion      bool
	RequiredSignatures bool
	// BypassActors are "team:slug", "app:slug", "role:admin", "org-admin".
	BypassActors []string
}

// DeployKey is a repository deploy key.
type DeployKey struct {
	ID        int64
	Title     string
	ReadOnly  bool
	CreatedAt time.Time
	LastUsed  *time.Time
}

// CodeOwnersError is one error GitHub reports for a CODEOWNERS file.
type CodeOwnersError struct {
	Path    string
	Line    int
	Column  int
	Kind    string
	Source  string
	Message string
}

func (r *Repo) branch() string {
	if r.DefaultBranch == "" {
		return "main"
	}
	return r.DefaultBranch
}

// actionsEnabled is whether Actions may run in the repository: the
// organization's policy (all, none, selected) and the repository's own.
func (r *Repo) actionsEnabled(org *Org) bool {
	if r.ActionsDisabled {
		return false
	}
	switch org.EnabledRepositories {
	case "none":
		return false
	case "selected":
		for _, n := range org.EnabledRepositoryNames {
			if strings.EqualFold(n, r.Name) {
				return true
			}
		}
		return false
	}
	return true
}

func (r *Repo) visibility() string {
	if r.Visibility == "" {
		return "private"
	}
	return r.Visibility
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}
