package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Repository holds the schema definition for the Repository entity.
type Repository struct{ ent.Schema }

// Annotations of the Repository.
func (Repository) Annotations() []schema.Annotation {
	return node("A GitHub repository, a GitLab project, or a folder of a local scan.")
}

// Fields of the Repository.
func (Repository) Fields() []ent.Field {
	return []ent.Field{
		keyField("repository"),
		field.Enum("platform").Values(platforms...).Comment("GITHUB, GITLAB or LOCAL.").Annotations(values(platformDocs)),
		field.String("full_name").NotEmpty().
			Comment("owner/name on GitHub, the full path on GitLab, the folder name in a local scan.").
			Annotations(entgql.OrderField("FULL_NAME")),
		field.String("url").Optional().Comment("Web address, when known."),
		field.String("visibility").Optional().Comment("public, private or internal; empty when unknown."),
		field.String("default_branch").Optional().Comment("The default branch, when known."),
		field.Bool("archived").Default(false).Comment("Archived repositories run no pipelines."),
		field.Bool("fork").Default(false).Comment("Whether the repository is a fork."),
		field.String("default_workflow_permissions").Optional().
			Comment("Repository default GITHUB_TOKEN permission: read, write, or empty when unknown."),
		field.Bool("can_approve_pull_requests").Optional().Nillable().
			Comment("Whether Actions may approve pull requests in this repository; null when unknown."),
		field.Bool("actions_enabled").Optional().Nillable().
			Comment("GitHub: whether Actions may run in the repository under the organization's policy; null when unknown."),
		field.String("allowed_actions").Optional().
			Comment("GitHub: the actions policy that applies (all, local_only, selected), from the organization."),
		field.Strings("protected_tags").Optional().
			Comment("GitLab: protected tag patterns and who may create them, as `PATTERN: who, who`."),
		field.Strings("job_token_allowlist").Optional().
			Comment("GitLab: projects and groups allowed to use this project's CI_JOB_TOKEN."),
		field.Bool("job_token_scope_enabled").Optional().Nillable().
			Comment("GitLab: whether the inbound CI_JOB_TOKEN allowlist is enforced; null when unknown."),
	}
}

// Edges of the Repository.
func (Repository) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", Owner.Type).Ref("repositories").Unique().
			Comment("The organization, group or root that holds the repository."),
		edge.To("pipelines", Pipeline.Type).Comment("Pipeline definitions of the repository."),
		edge.To("environments", Environment.Type).Comment("Deployment environments of the repository."),
		edge.To("credentials", Credential.Type).Comment("Credentials stored at repository or environment scope."),
		edge.To("branch_protections", BranchProtection.Type).
			Comment("Protection that applies to the default branch (classic, rulesets, GitLab protected branches)."),
		edge.To("code_owners", CodeOwners.Type).Comment("CODEOWNERS files of the repository."),
		edge.From("teams", Team.Type).Ref("repositories").Comment("Teams with access to the repository."),
		edge.To("findings", Finding.Type).Annotations(entgql.RelayConnection()).
			Comment("Findings about this repository and what it holds."),
	}
}

// Indexes of the Repository.
func (Repository) Indexes() []ent.Index {
	return []ent.Index{index.Edges("owner")}
}
