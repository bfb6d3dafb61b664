package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Owner holds the schema definition for the Owner entity.
type Owner struct{ ent.Schema }

// Annotations of the Owner.
func (Owner) Annotations() []schema.Annotation {
	return node("A GitHub organization, a GitLab group (top level or subgroup) or a local root directory.")
}

// Fields of the Owner.
func (Owner) Fields() []ent.Field {
	return []ent.Field{
		keyField("owner"),
		field.Enum("platform").Values(platforms...).Comment("GITHUB, GITLAB or LOCAL.").Annotations(values(platformDocs)),
		field.String("name").NotEmpty().
			Comment("Organization login, group full path, or directory.").Annotations(entgql.OrderField("NAME")),
		field.String("url").Optional().Comment("Web address of the organization or group, when known."),
		field.String("parent_key").Optional().Comment("Key of the parent group (GitLab subgroups)."),
		field.String("default_workflow_permissions").Optional().
			Comment("Default GITHUB_TOKEN permission for workflows: read, write, or empty when unknown."),
		field.Bool("can_approve_pull_requests").Optional().Nillable().
			Comment("Whether GitHub Actions may approve pull requests; null when unknown."),
		field.Strings("variables").Optional().
			Comment("Organization Actions variables as NAME:visibility (all, private, selected); values are never read into privgraph."),
		field.String("allowed_actions").Optional().
			Comment("Which actions may run: all, local_only or selected; empty when unknown."),
	}
}

// Edges of the Owner.
func (Owner) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("repositories", Repository.Type).Annotations(entgql.RelayConnection()).
			Comment("Repositories or projects of the owner."),
		edge.To("credentials", Credential.Type).Annotations(entgql.RelayConnection()).
			Comment("Credentials held by the owner at any scope."),
		edge.To("identities", Identity.Type).Comment("Apps, bots and service accounts of the owner."),
		edge.To("teams", Team.Type).Comment("Teams of the owner."),
		edge.To("runner_groups", RunnerGroup.Type).Comment("Self-hosted runner groups and runners of the owner."),
		edge.To("scans", Scan.Type).Comment("Scans of this owner."),
	}
}
