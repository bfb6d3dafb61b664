// Package workflow turns pipeline definitions (GitHub Actions workflows,
// GitLab CI files, declarative Jenkinsfiles) into typed jobs: their stage,
// environment, runner, token permissions and every credential they reference,
// with file:line. It is pure: bytes in, values out; no I/O, no ent.
package workflow

import (
	"strconv"

	"github.com/privgraph/privgraph/scanner/workflow/detail"
)

// Kind is the pipeline system a definition belongs to.
type Kind string

// Pipeline systems.
const (
	GitHubActions Kind = "GITHUB_ACTIONS"
	GitLabCI      Kind = "GITLAB_CI"
	Jenkins       Kind = "JENKINS"
)

// Stage is a job's place in the least-privilege pipeline model of DESIGN.md.
type Stage string

// Stages, in pipeline order.
const (
	StageBuild   Stage = "BUILD"
	StageTest    Stage = "TEST"
	StageSign    Stage = "SIGN"
	StageStage   Stage = "STAGE"
	StageDeploy  Stage = "DEPLOY"
	StageUnknown Stage = "UNKNOWN"
)

// Via says how a job reaches a credential (Usage.via in the graph).
type Via string

// Ways a job reaches a credential.
const (
	ViaEnv            Via = "ENV"
	ViaWith           Via = "WITH"
	ViaRun            Via = "RUN"
	ViaSecretsInherit Via = "SECRETS_INHERIT"
	ViaSecrets        Via = "SECRETS"
	ViaImplicit       Via = "IMPLICIT"
	ViaScript         Via = "SCRIPT"
	ViaVariables      Via = "VARIABLES"
	ViaImage          Via = "IMAGE"
	ViaCredentials    Via = "CREDENTIALS"
	ViaOther          Via = "OTHER"
)

// RefKind says what sort of credential a reference names.
type RefKind string

// Reference kinds.
const (
	RefSecret            RefKind = "secret"             // GitHub secrets.X
	RefVariable          RefKind = "variable"           // GitLab $VAR not defined in the file
	RefGitHubToken       RefKind = "github_token"       // secrets.GITHUB_TOKEN, github.token
	RefJenkinsCredential RefKind = "jenkins_credential" // credentials('id')
	RefExternalSecret    RefKind = "external_secret"    // GitLab secrets: (Vault, Azure Key Vault, GCP Secret Manager…)
)

// ReadFile reads another file of the same repository, by its path relative to
// the repository root (for local reusable workflows and GitLab include: local).
// It returns an error wrapping fs.ErrNotExist when there is no such file.
type ReadFile func(path string) ([]byte, error)

// Pipeline is one parsed definition.
type Pipeline struct {
	Path              string   `json:"path"`
	Kind              Kind     `json:"kind"`
	Name              string   `json:"name,omitempty"`
	Triggers          []string `json:"triggers,omitempty"`
	UntrustedTriggers []string `json:"untrusted_triggers,omitempty"`
	Reusable          bool     `json:"reusable,omitempty"` // on: workflow_call
	// Permissions is the top-level permissions block; nil when unset.
	Permissions *Permissions `json:"permissions,omitempty"`
	// Includes lists remote reusable workflows and includes, with their refs.
	Includes []Include `json:"includes,omitempty"`
	Jobs     []Job     `json:"jobs,omitempty"`
	// Errors are precise parse errors (file:line, what was wrong). A pipeline
	// with errors may still carry the jobs that could be read.
	Errors []ParseError `json:"errors,omitempty"`
}

// ParseError is one defect of a definition.
type ParseError struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

func (e ParseError) Error() string {
	if e.Line > 0 {
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Message
	}
	return e.File + ": " + e.Message
}

// Permissions is a GITHUB_TOKEN permissions block.
type Permissions struct {
	// Raw is the block as written: "read-all", "write-all", "{}" or "map".
	Raw string `json:"raw"`
	// Scopes maps each scope (contents, id-token, …) to read, write or none,
	// with read-all / write-all expanded.
	Scopes map[string]string `json:"scopes,omitempty"`
}

// Include is a reference to a definition outside this file.
type Include struct {
	Ref    string `json:"ref"`    // as written, e.g. owner/repo/.github/workflows/x.yml@v1
	Pinned bool   `json:"pinned"` // the ref is a full commit SHA
	Local  bool   `json:"local"`  // a file of the same repository (see Unresolved)
	Line   int    `json:"line,omitempty"`
	// Kind says what sort of include this is: "workflow" (a reusable
	// workflow call), or GitLab's "local", "project", "remote", "template",
	// "component".
	Kind string `json:"kind,omitempty"`
	// Unresolved is set for a local file that could not be read (no
	// ReadFile given, missing file, or a parse error in it).
	Unresolved bool   `json:"unresolved,omitempty"`
	File       string `json:"file,omitempty"` // the file the include is written in
}

// Job is one job of a pipeline.
type Job struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	Line int    `json:"line"`
	// File is set when the job is defined in another file than the
	// pipeline's own (a GitLab include: local); Line is in that file.
	File        string `json:"file,omitempty"`
	Stage       Stage  `json:"stage"`
	StageReason string `json:"stage_reason"`
	// Environment as written (may be an expression); empty when none.
	Environment string   `json:"environment,omitempty"`
	RunsOn      []string `json:"runs_on,omitempty"`
	SelfHosted  bool     `json:"self_hosted,omitempty"`
	// Permissions declared on the job; nil when unset.
	Permissions *Permissions `json:"permissions,omitempty"`
	// Effective is the job's effective token permissions (job > workflow);
	// nil when neither sets them (the repository/org default applies, unknown
	// until an API scan fills it).
	Effective map[string]string `json:"effective,omitempty"`
	// PermissionsSource says where Effective comes from: "job", "workflow",
	// "default" (filled by ApplyDefaultPermissions) or "unknown" (GitHub job
	// with no block, default not known yet); "" for GitLab and Jenkins.
	PermissionsSource  string            `json:"permissions_source"`
	MinimalPermissions map[string]string `json:"minimal_permissions,omitempty"`
	UnknownSteps       []string          `json:"unknown_steps,omitempty"`
	OIDC               bool              `json:"oidc,omitempty"`
	Calls              string            `json:"calls,omitempty"`
	CallsPinned        bool              `json:"calls_pinned,omitempty"`
	SecretsInherit     bool              `json:"secrets_inherit,omitempty"`
	Manual             bool              `json:"manual,omitempty"`
	ProtectedRefsOnly  bool              `json:"protected_refs_only,omitempty"`
	UntrustedCheckout  bool              `json:"untrusted_checkout,omitempty"`
	SecretsWhole       bool              `json:"secrets_whole,omitempty"`
	Needs              []string          `json:"needs,omitempty"`
	References         []Reference       `json:"references,omitempty"`
	Detail             JobDetail         `json:"detail"`
}

// Reference is one place a job reads a credential.
type Reference struct {
	Kind       RefKind `json:"kind"`
	Name       string  `json:"name"` // original spelling
	File       string  `json:"file"`
	Line       int     `json:"line"`
	Expression string  `json:"expression"`
	Via        Via     `json:"via"`
	// EnvVar names the environment variable through which the credential
	// is reached ($VAR, ${VAR}, env.VAR), when it is.
	EnvVar string `json:"env_var,omitempty"`
	// CallInput is set when Name is a secret input declared by this
	// reusable workflow (on.workflow_call.secrets): callers map it to a
	// stored secret, or pass theirs with secrets: inherit.
	CallInput bool `json:"call_input,omitempty"`
	// Global is set when the reference is in a pipeline-wide block that
	// every job receives (GitHub workflow env:, GitLab global variables:,
	// Jenkins pipeline environment {}): the job can read the credential
	// whether or not it uses it; a use shows as another reference (Via
	// RUN/WITH with EnvVar, or SCRIPT).
	Global bool `json:"global,omitempty"`
}

// JobDetail, Step and Injection live in package detail so that the ent
// schema (which stores JobDetail as JSON) does not depend on the parser.
// Add fields there.
type (
	JobDetail = detail.JobDetail
	Step      = detail.Step
	Injection = detail.Injection
	CalledJob = detail.CalledJob
	TokenUse  = detail.TokenUse
)
