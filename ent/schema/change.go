package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Change holds the schema definition for the Change entity.
type Change struct{ ent.Schema }

// Annotations of the Change.
func (Change) Annotations() []schema.Annotation {
	return append(node("One difference a scan found against the previous scan of the same target."),
		idLifetime("A change is recorded once and never rewritten, so its id is permanent."))
}

// Fields of the Change.
func (Change) Fields() []ent.Field {
	return []ent.Field{
		field.String("entity").NotEmpty().
			Comment("Type of the changed entity: Repository, Credential, Environment, BranchProtection, CodeOwners, Job…").
			Annotations(entgql.OrderField("ENTITY")),
		field.String("entity_key").NotEmpty().
			Comment("Stable key of the changed entity."),
		field.Enum("kind").Values("ADDED", "REMOVED", "MODIFIED").
			Comment("ADDED, REMOVED or MODIFIED.").Annotations(entgql.OrderField("KIND"), values(map[string]string{
			"ADDED":    "New since the previous scan of the target (before is empty).",
			"REMOVED":  "Gone since the previous scan of the target (after is empty).",
			"MODIFIED": "Present in both scans with different facts.",
		})),
		field.String("summary").
			Comment("One line for people, e.g. `required reviewers removed from environment production`."),
		field.Text("before").Optional().
			Comment("The relevant fields before the change, as a JSON object (empty when ADDED)."),
		field.Text("after").Optional().
			Comment("The relevant fields after the change, as a JSON object (empty when REMOVED)."),
		field.Time("created_at").Default(time.Now).Immutable().
			Comment("When the change was recorded.").Annotations(entgql.OrderField("CREATED_AT")),
	}
}

// Edges of the Change.
func (Change) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("scan", Scan.Type).Ref("changes").Unique().Required().
			Comment("The scan that saw the change."),
	}
}

// Indexes of the Change.
func (Change) Indexes() []ent.Index {
	return []ent.Index{index.Edges("scan"), index.Fields("entity", "entity_key")}
}
