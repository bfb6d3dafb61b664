package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/vektah/gqlparser/v2/ast"
)

// AuditEvent holds the schema definition for the AuditEvent entity.
type AuditEvent struct{ ent.Schema }

// Annotations of the AuditEvent.
func (AuditEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField().Description(listDescription("sign-ins and mutations on this server (administrators only).")).Directives(entgql.NewDirective("hasRole", &ast.Argument{Name: "role", Value: &ast.Value{Raw: "ADMIN", Kind: ast.EnumValue}})),
		schema.Comment("A mutation or sign-in on privgraph's own server, for administrators."),
		idLifetime("An audit event is recorded once and never rewritten, so its id is permanent."),
	}
}

// Fields of the AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").Default(time.Now).Immutable().Comment("When it happened.").Annotations(entgql.OrderField("AT")),
		field.String("actor").NotEmpty().Comment("Token name, or `local` on a loopback server without tokens."),
		field.String("action").NotEmpty().Comment("What was done, e.g. triageFinding, signIn."),
		field.String("target").Optional().Comment("What it was done to, e.g. the finding's fingerprint."),
		field.String("detail").Optional().Comment("Extra facts, e.g. the new status and reason."),
		field.String("remote_addr").Optional().Comment("Client address."),
	}
}

// Indexes of the AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("at")}
}
