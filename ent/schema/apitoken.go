package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// ApiToken holds the schema definition for the ApiToken entity.
type ApiToken struct{ ent.Schema }

// Annotations of the ApiToken.
func (ApiToken) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.Skip(entgql.SkipAll),
		schema.Comment("A token for privgraph's own API and dashboard; only its hash is stored."),
	}
}

// Fields of the ApiToken.
func (ApiToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().Comment("Who or what the token is for."),
		field.Enum("role").Values("READER", "TRIAGER", "ADMIN").Comment("READER, TRIAGER or ADMIN."),
		field.String("token_hash").NotEmpty().Unique().Sensitive().Comment("SHA-256 of the token."),
		field.String("prefix").NotEmpty().Comment("First characters of the token, to tell tokens apart."),
		field.Time("created_at").Default(time.Now).Immutable().Comment("When the token was created."),
		field.Time("expires_at").Optional().Nillable().Comment("When the token stops working."),
		field.Time("last_used_at").Optional().Nillable().Comment("When the token was last used."),
		field.Bool("revoked").Default(false).Comment("True when the token was revoked."),
	}
}
