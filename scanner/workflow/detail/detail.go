// Package detail holds the step-level facts of a job that the workflow
// parser extracts and the analysis rules read. The graph stores them as JSON
// on each Job (Job.detail), so this package has no dependencies.
package detail

// JobDetail holds the step-level facts the rules read. It is stored with the
// job (not exposed through GraphQL), so analysis works the same on local and
// API scans.
type JobDetail struct {
	Steps      []Step      `json:"steps,omitempty"`
	Injections []Injection `json:"injections,omitempty"`
	// Triggers of the job's pipeline that can be fired from outside.
	UntrustedTriggers []string `json:"untrusted_triggers,omitempty"`
	Services          []string `json:"services,omitempty"` // container/service images
	// Triggers of the job's pipeline (GitHub events, GitLab sources).
	Triggers []string `json:"triggers,omitempty"`
	// If is the job's condition as written.
	If string `json:"if,omitempty"`
	// EnvironmentAction is GitLab's environment:action (start, prepare,
	// stop, verify, access).
	EnvironmentAction string `json:"environment_action,omitempty"`
	// DeploymentTier is GitLab's environment:deployment_tier (production,
	// staging, testing, development, other).
	DeploymentTier string `json:"deployment_tier,omitempty"`
	// IDTokens names GitLab id_tokens (OIDC) the job requests.
	IDTokens []string `json:"id_tokens,omitempty"`
	// GitLabStage is the job's stage: as written (GitLab).
	GitLabStage string `json:"gitlab_stage,omitempty"`
	// Extends lists the templates a GitLab job extends, resolved in order.
	Extends []string `json:"extends,omitempty"`
	// CalledJobs summarises the jobs of a resolved reusable workflow or
	// child pipeline this job runs.
	CalledJobs []CalledJob `json:"called_jobs,omitempty"`
	// Matrix is set when the job has a strategy matrix.
	Matrix bool `json:"matrix,omitempty"`
	// JobTokenUses are the places a GitLab job hands its CI_JOB_TOKEN to
	// something explicitly ($CI_JOB_TOKEN in a script, variable or image
	// name). They are not credential references: the job token is
	// implicit in every job, and what it reaches is the project's job
	// token allowlist.
	JobTokenUses []TokenUse `json:"job_token_uses,omitempty"`
}

// TokenUse is one explicit use of a job's implicit token.
type TokenUse struct {
	File       string `json:"file"`
	Line       int    `json:"line"`
	Expression string `json:"expression"`
	Via        string `json:"via"` // a workflow.Via value
}

// CalledJob is one job of a reusable workflow the job calls.
type CalledJob struct {
	File  string `json:"file"`
	Key   string `json:"key"`
	Stage string `json:"stage"` // a workflow.Stage value
}

// Step is one step of a job (GitHub) or one script line group (GitLab).
type Step struct {
	// File is set when the step belongs to a called workflow or included
	// file rather than the pipeline's own file.
	File   string            `json:"file,omitempty"`
	ID     string            `json:"id,omitempty"`
	Name   string            `json:"name,omitempty"`
	Line   int               `json:"line"`
	Uses   string            `json:"uses,omitempty"` // owner/name[/path] without the ref
	Ref    string            `json:"ref,omitempty"`
	Pinned bool              `json:"pinned,omitempty"`
	With   map[string]string `json:"with,omitempty"`
	// Run is the command text, cut to a bounded length.
	Run string `json:"run,omitempty"`
	// Env names the step's env variables (values are not kept).
	Env []string `json:"env,omitempty"`
	// Token is set when the step is handed the job's GITHUB_TOKEN
	// explicitly (github.token / secrets.GITHUB_TOKEN in with or env).
	Token bool `json:"token,omitempty"`
	// Secrets names the secrets the step reads (directly or through env).
	Secrets []string `json:"secrets,omitempty"`
}

// Injection is an attacker-controllable context expanded into a script.
type Injection struct {
	File       string `json:"file,omitempty"` // set when in a called file
	Line       int    `json:"line"`
	Expression string `json:"expression"`
	Context    string `json:"context"` // e.g. github.event.pull_request.title
	Sink       string `json:"sink"`    // run, script input of an action
}
