package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Environment holds the schema definition for the Environment entity.
type Environment struct{ ent.Schema }

// Annotations of the Environment.
func (Environment) Annotations() []schema.Annotation {
	return node("A deployment environment and the rules that guard it.")
}

// Fields of the Environment.
func (Environment) Fields() []ent.Field {
	return []ent.Field{
		keyField("environment"),
		field.String("name").NotEmpty().Comment("Environment name.").Annotations(entgql.OrderField("NAME")),
		field.Bool("production").Default(false).
			Comment("True when the environment is production (by name or GitLab tier)."),
		field.String("tier").Optional().Comment("GitLab deployment tier (production, staging, …)."),
		field.Bool("protected").Default(false).
			Comment("True when any rule guards deployments (reviewers, wait timer, branch policy, GitLab protected environment)."),
		field.Strings("required_reviewers").Optional().Comment("Users and teams who must approve a deployment."),
		field.Int("required_approvals").Default(0).NonNegative().Comment("Approvals a deployment needs."),
		field.Bool("prevent_self_review").Default(false).
			Comment("True when the person who triggered a deployment cannot approve it."),
		field.Int("wait_timer").Default(0).NonNegative().Comment("Minutes to wait before a deployment proceeds."),
		field.String("branch_policy").Optional().
			Comment("Which branches may deploy: any, protected, custom; empty when unknown."),
		field.Strings("branch_patterns").Optional().Comment("Branch and tag patterns allowed under a custom policy."),
		field.Strings("custom_rules").Optional().Comment("Custom deployment protection rules (apps)."),
		field.Strings("deploy_access").Optional().Comment("GitLab: who may deploy (access levels, users, groups)."),
	}
}

// Edges of the Environment.
func (Environment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("repository", Repository.Type).Ref("environments").Unique().
			Comment("The repository the environment belongs to."),
		edge.To("jobs", Job.Type).Comment("Jobs that run in this environment."),
		edge.To("credentials", Credential.Type).Comment("Secrets scoped to this environment."),
	}
}

// Indexes of the Environment.
func (Environment) Indexes() []ent.Index {
	return []ent.Index{index.Edges("repository")}
}
