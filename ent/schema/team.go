package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Team holds the schema definition for the Team entity.
type Team struct{ ent.Schema }

// Annotations of the Team.
func (Team) Annotations() []schema.Annotation {
	return node("A team that owns repositories (admin or maintain permission, or CODEOWNERS of the pipeline files); it gets the remediation checklist.")
}

// Fields of the Team.
func (Team) Fields() []ent.Field {
	return []ent.Field{
		keyField("team"),
		field.String("name").NotEmpty().Comment("Team name.").Annotations(entgql.OrderField("NAME")),
		field.String("slug").NotEmpty().Comment("URL-safe name, used in /teams/{slug}.").Annotations(entgql.OrderField("SLUG")),
		field.Strings("repository_permissions").Optional().
			Comment("Permission per repository, as repository:permission pairs."),
	}
}

// Edges of the Team.
func (Team) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", Owner.Type).Ref("teams").Unique().Comment("The organization or group of the team."),
		edge.To("repositories", Repository.Type).Comment("Repositories the team owns."),
	}
}

// Indexes of the Team.
func (Team) Indexes() []ent.Index {
	return []ent.Index{index.Edges("owner")}
}
