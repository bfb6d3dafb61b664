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

// Finding holds the schema definition for the Finding entity.
type Finding struct{ ent.Schema }

// Annotations of the Finding.
func (Finding) Annotations() []schema.Annotation {
	return append(node("A rule that fired: what is wrong, the evidence, and how to fix it. Survives rescans by its fingerprint."),
		idLifetime("Stable across rescans: analysis upserts findings by fingerprint, and a finding no longer seen is RESOLVED, not deleted."))
}

// Fields of the Finding.
func (Finding) Fields() []ent.Field {
	return []ent.Field{
		field.String("rule").NotEmpty().
			Comment("Rule id from the catalogue, e.g. secrets-inherit.").Annotations(entgql.OrderField("RULE")),
		field.Enum("severity").Values("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO").
			Comment("CRITICAL, HIGH, MEDIUM, LOW or INFO.").Annotations(entgql.OrderField("SEVERITY"), values(map[string]string{
			"CRITICAL": "Exploitable from outside, e.g. secrets readable by pull-request code: fix first.",
			"HIGH":     "A direct path to production credentials or write access: fix soon.",
			"MEDIUM":   "More exposure or privilege than the pipelines need.",
			"LOW":      "Hygiene, e.g. an unused secret.",
			"INFO":     "For information: not a weakness by itself.",
		})),
		field.String("title").NotEmpty().Comment("One line saying what is wrong."),
		field.Text("detail").Optional().Comment("Why it matters here, in Markdown."),
		field.String("evidence").Optional().Comment("Where it shows: file:line, setting or API field."),
		field.String("file").Optional().Comment("File of the evidence, relative to the repository root."),
		field.Int("line").Default(0).NonNegative().Comment("Line of the evidence (0 when not in a file)."),
		field.Text("remediation").Optional().Comment("How to fix it, concretely, in Markdown: the YAML to write or the setting to change."),
		field.String("fingerprint").NotEmpty().Unique().
			Comment("Stable identity: rule + subject + evidence key, never database ids."),
		field.Enum("status").Values("OPEN", "RESOLVED", "ACCEPTED").Default("OPEN").
			Comment("OPEN, RESOLVED (no longer seen by a complete scan) or ACCEPTED (risk accepted until a date).").
			Annotations(entgql.OrderField("STATUS"), values(map[string]string{
				"OPEN":     "Seen by the latest scan of its target, and not accepted (or the acceptance expired).",
				"RESOLVED": "No longer seen by a complete scan of its target.",
				"ACCEPTED": "Risk accepted by a triager until a date (see acceptedUntil).",
			})),
		field.Time("first_seen").Default(time.Now).Immutable().Comment("When a scan first saw it.").
			Annotations(entgql.OrderField("FIRST_SEEN")),
		field.Time("last_seen").Default(time.Now).Comment("When a scan last saw it.").
			Annotations(entgql.OrderField("LAST_SEEN")),
		field.Time("resolved_at").Optional().Nillable().Comment("When it was resolved."),
		field.String("accepted_reason").Optional().Comment("Why the risk was accepted."),
		field.Time("accepted_until").Optional().Nillable().Comment("When the acceptance expires and the finding reopens."),
		field.String("accepted_by").Optional().Comment("Who accepted it."),
		field.Bool("done").Default(false).Comment("Ticked on the team checklist as fixed, pending the next scan."),
		field.Bool("scope_assumed").Default(false).
			Comment("True when the finding relies on an assumed scope (local scans do not know where a secret is stored)."),
	}
}

// Edges of the Finding.
func (Finding) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("repository", Repository.Type).Ref("findings").Unique().Comment("The repository concerned, if any."),
		edge.From("credential", Credential.Type).Ref("findings").Unique().Comment("The credential concerned, if any."),
		edge.To("job", Job.Type).Unique().Comment("The job concerned, if any."),
		edge.To("environment", Environment.Type).Unique().Comment("The environment concerned, if any."),
		edge.To("owner", Owner.Type).Unique().Comment("The organization or group concerned."),
	}
}

// Indexes of the Finding.
func (Finding) Indexes() []ent.Index {
	return []ent.Index{index.Edges("repository"), index.Edges("credential"), index.Edges("job"), index.Fields("rule"), index.Fields("status", "severity")}
}
