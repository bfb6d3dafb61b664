package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Identity holds the schema definition for the Identity entity.
type Identity struct{ ent.Schema }

// Annotations of the Identity.
func (Identity) Annotations() []schema.Annotation {
	return node("A non-human identity that can act on repositories: a GitHub App installation, a bot or machine user, a GitLab service account or project bot.")
}

// Fields of the Identity.
func (Identity) Fields() []ent.Field {
	return []ent.Field{
		keyField("identity"),
		field.Enum("kind").Values("GITHUB_APP", "BOT", "MACHINE_USER", "SERVICE_ACCOUNT", "PROJECT_BOT").
			Comment("GITHUB_APP, BOT, MACHINE_USER, SERVICE_ACCOUNT or PROJECT_BOT.").Annotations(entgql.OrderField("KIND"), values(map[string]string{
			"GITHUB_APP":      "A GitHub App installed on the organization.",
			"BOT":             "The bot user of a GitLab group access token.",
			"MACHINE_USER":    "A user account that automation signs in as.",
			"SERVICE_ACCOUNT": "A GitLab service account.",
			"PROJECT_BOT":     "The bot user of a GitLab project access token.",
		})),
		field.String("name").NotEmpty().Comment("App slug or account name.").Annotations(entgql.OrderField("NAME")),
		field.Strings("permissions").Optional().Comment("What it may do, as scope:level pairs or role names."),
		field.String("repository_selection").Optional().Comment("all or selected."),
		field.Strings("repositories").Optional().Comment("Repositories it can reach when limited to a selection."),
		field.Bool("can_write").Default(false).Comment("True when any of its permissions is write or admin."),
	}
}

// Edges of the Identity.
func (Identity) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", Owner.Type).Ref("identities").Unique().Comment("The organization or group it belongs to."),
		edge.To("credentials", Credential.Type).Comment("Credentials that act as this identity."),
	}
}

// Indexes of the Identity.
func (Identity) Indexes() []ent.Index {
	return []ent.Index{index.Edges("owner")}
}
