package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Credential holds the schema definition for the Credential entity.
type Credential struct{ ent.Schema }

// Annotations of the Credential.
func (Credential) Annotations() []schema.Annotation {
	return node("Anything a pipeline can authenticate with: a stored secret or variable, a key, a token, an app installation, the implicit GITHUB_TOKEN, an OIDC trust, a runner. Values are never stored.")
}

// Fields of the Credential.
func (Credential) Fields() []ent.Field {
	return []ent.Field{
		keyField("credential"),
		field.Enum("kind").Values(
			"ACTIONS_SECRET", "DEPENDABOT_SECRET", "CI_VARIABLE", "DEPLOY_KEY", "DEPLOY_TOKEN",
			"PROJECT_ACCESS_TOKEN", "GROUP_ACCESS_TOKEN", "APP_INSTALLATION", "GITHUB_TOKEN",
			"OIDC_TRUST", "RUNNER", "JENKINS_CREDENTIAL", "EXTERNAL_SECRET",
		).Comment("What sort of credential this is.").Annotations(entgql.OrderField("KIND"), values(map[string]string{
			"ACTIONS_SECRET":       "GitHub Actions secret (organization, repository or environment).",
			"DEPENDABOT_SECRET":    "GitHub Dependabot secret, readable by Dependabot-triggered workflows.",
			"CI_VARIABLE":          "GitLab CI/CD variable (instance, group, project or environment-scoped).",
			"DEPLOY_KEY":           "SSH deploy key of a repository; readOnly says whether it can push.",
			"DEPLOY_TOKEN":         "GitLab deploy token of a project or group.",
			"PROJECT_ACCESS_TOKEN": "GitLab project access token (acts as the project's bot user).",
			"GROUP_ACCESS_TOKEN":   "GitLab group access token (acts as the group's bot user).",
			"APP_INSTALLATION":     "GitHub App installation: whoever holds the app's key acts with its permissions.",
			"GITHUB_TOKEN":         "The implicit GITHUB_TOKEN every GitHub Actions job gets, with the job's permissions.",
			"OIDC_TRUST":           "OIDC trust: jobs that may request an id-token to assume a cloud role without a stored secret.",
			"RUNNER":               "Self-hosted runner: the jobs it runs share its host and whatever credentials the host holds.",
			"JENKINS_CREDENTIAL":   "Jenkins credential referenced by a Jenkinsfile (withCredentials, credentials()).",
			"EXTERNAL_SECRET":      "Secret a job fetches from an external store (Vault, Azure Key Vault, GCP Secret Manager).",
		})),
		field.String("name").NotEmpty().
			Comment("Name as pipelines refer to it (secret or variable name, key title, token name, app slug).").
			Annotations(entgql.OrderField("NAME")),
		field.Enum("scope").Values("INSTANCE", "OWNER", "REPOSITORY", "ENVIRONMENT", "UNKNOWN").
			Comment("Where it is stored: INSTANCE, OWNER (organization or group), REPOSITORY, ENVIRONMENT, or UNKNOWN (local scans).").
			Annotations(entgql.OrderField("SCOPE"), values(map[string]string{
				"INSTANCE":    "Stored on the whole GitLab instance: every project's jobs can read it.",
				"OWNER":       "Stored on the organization or group: repositories it is shared with can read it.",
				"REPOSITORY":  "Stored on one repository or project: every job of it can read it.",
				"ENVIRONMENT": "Stored on one environment: only jobs that run in that environment can read it.",
				"UNKNOWN":     "Not known (local scans): the platform default, every job of the repository, is assumed.",
			})),
		field.String("visibility").Optional().
			Comment("Organization secrets: all, private or selected repositories."),
		field.Strings("selected_repositories").Optional().
			Comment("Repositories an organization secret, app installation or token is limited to."),
		field.Bool("protected").Default(false).Comment("GitLab: only pipelines on protected branches and tags can read it."),
		field.Bool("masked").Default(false).Comment("GitLab: the value is masked in job logs."),
		field.Bool("hidden").Default(false).Comment("GitLab: the value is masked and hidden in the UI."),
		field.Bool("raw").Default(false).Comment("GitLab: the value is not expanded."),
		field.String("variable_type").Optional().Comment("GitLab: env_var or file."),
		field.String("environment_scope").Optional().
			Comment("GitLab: environments that can read the variable (`*` for all, wildcards allowed)."),
		field.String("description").Optional().Comment("The platform's description of the credential."),
		field.Time("created_at").Optional().Nillable().Comment("Creation time reported by the platform."),
		field.Time("updated_at").Optional().Nillable().Comment("Last update (rotation) time reported by the platform."),
		field.Time("expires_at").Optional().Nillable().Comment("Expiry, for tokens; null when it never expires."),
		field.Time("last_used_at").Optional().Nillable().Comment("Last use reported by the platform, when given."),
		field.Strings("permissions").Optional().
			Comment("Permissions or scopes the credential grants, as scope:level pairs or scope names."),
		field.String("access_level").Optional().Comment("GitLab role of a token (guest … owner)."),
		field.Bool("read_only").Default(false).Comment("Deploy keys: true when the key cannot push."),
		field.Bool("active").Default(true).Comment("False for revoked or expired tokens."),
		field.String("value_fingerprint").Optional().Sensitive().
			Comment("HMAC-SHA256 of the value under a key kept outside the database; used only to spot reuse."),
		field.Bool("value_reused").Default(false).
			Comment("True when the same value (by fingerprint) is stored under another name or project."),
		field.Bool("static_cloud_key").Default(false).
			Comment("True when this is a long-lived cloud key (AWS access key, GCP service-account key, Azure client secret, kubeconfig)."),
		field.Bool("personal_token").Default(false).
			Comment("True when this looks like a personal access token (a person's full rights in a pipeline)."),
		field.Strings("needed_by").Optional().
			Comment("Stages of the jobs that reference the credential."),
		field.Strings("exposed_to").Optional().
			Comment("Stages of every job that can read the credential under the platform's scoping rules."),
		field.Bool("over_scoped").Default(false).
			Comment("True when the credential reaches jobs, stages or repositories beyond those that use it, or grants more than they need.").
			Annotations(entgql.OrderField("OVER_SCOPED")),
		field.Strings("over_scope_reasons").Optional().Comment("Why the credential is over-scoped, one sentence each."),
		field.Bool("scope_assumed").Default(false).
			Comment("True when the scope is unknown (local scan) and the platform default (every job of the repository) was assumed."),
	}
}

// Edges of the Credential.
func (Credential) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", Owner.Type).Ref("credentials").Unique().
			Comment("The organization or group the credential belongs to."),
		edge.From("repository", Repository.Type).Ref("credentials").Unique().
			Comment("The repository for repository- and environment-scoped credentials."),
		edge.From("environment", Environment.Type).Ref("credentials").Unique().
			Comment("The environment for environment-scoped secrets."),
		edge.From("identity", Identity.Type).Ref("credentials").Unique().
			Comment("The app or account the credential acts as, when known."),
		edge.To("usages", Usage.Type).Comment("Where pipelines reference the credential."),
		edge.To("exposed_jobs", Job.Type).
			Comment("Every job that can read the credential under the platform's scoping rules."),
		edge.To("findings", Finding.Type).Comment("Findings about the credential."),
	}
}

// Indexes of the Credential.
func (Credential) Indexes() []ent.Index {
	return []ent.Index{index.Edges("repository"), index.Edges("owner"), index.Edges("environment"), index.Fields("kind", "name"), index.Fields("over_scoped")}
}
