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

// Scan holds the schema definition for the Scan entity.
type Scan struct{ ent.Schema }

// Annotations of the Scan.
func (Scan) Annotations() []schema.Annotation {
	return append(node("One run of a scanner over one target (GitHub organization, GitLab group or local directory)."),
		idLifetime("A scan is recorded once and never rewritten, so its id is permanent."))
}

// Fields of the Scan.
func (Scan) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("platform").Values(platforms...).
			Comment("Where the facts came from.").Annotations(entgql.OrderField("PLATFORM"), values(platformDocs)),
		field.String("target").NotEmpty().
			Comment("What was scanned: organization login, group path, or directory.").Annotations(entgql.OrderField("TARGET")),
		field.Time("started_at").Default(time.Now).Immutable().
			Comment("When the scan started.").Annotations(entgql.OrderField("STARTED_AT")),
		field.Time("finished_at").Optional().Nillable().
			Comment("When the scan ended; null while it runs."),
		field.Enum("status").Values("RUNNING", "SUCCEEDED", "PARTIAL", "FAILED").Default("RUNNING").
			Comment("RUNNING, SUCCEEDED, PARTIAL (some resources could not be read: see coverageGaps) or FAILED (nothing was changed).").
			Annotations(entgql.OrderField("STATUS"), values(map[string]string{
				"RUNNING":   "Still reading; its facts are not written yet.",
				"SUCCEEDED": "Every resource was read and the inventory was updated.",
				"PARTIAL":   "The inventory was updated, but some resources could not be read: see coverageGaps.",
				"FAILED":    "The scan stopped with an error and nothing was changed.",
			})),
		field.String("error").Optional().
			Comment("Why a FAILED scan failed, as a sentence; never contains a token or a response body."),
		field.Int("api_requests").Default(0).NonNegative().
			Comment("HTTP requests the scan sent to the platform API."),
		field.Int("api_not_modified").Default(0).NonNegative().
			Comment("Requests answered 304 Not Modified from a stored ETag (free on GitHub's rate limit)."),
		field.Strings("coverage_gaps").Optional().
			Comment("What the scan could not read and why, one sentence each (e.g. the permission the token lacks)."),
		field.Strings("unread").Optional().
			Comment("Parts of the inventory the scan could not read, as `what` (organization level) or `what:repository`; what an earlier scan found there was kept."),
		field.Strings("token_scopes").Optional().
			Comment("Scopes or permissions of the scan's own token, as far as the platform reported them."),
		field.Bool("token_can_write").Default(false).
			Comment("True when the scan's own token holds write scopes: it should be read-only."),
		field.Int("repositories").Default(0).NonNegative().Comment("Repositories or projects recorded."),
		field.Int("pipelines").Default(0).NonNegative().Comment("Pipeline definitions recorded."),
		field.Int("jobs").Default(0).NonNegative().Comment("Jobs recorded."),
		field.Int("credentials").Default(0).NonNegative().Comment("Credentials recorded."),
		field.Int("usages").Default(0).NonNegative().Comment("Credential usages recorded."),
		field.Int("findings").Default(0).NonNegative().Comment("Open findings after the scan's analysis."),
	}
}

// Edges of the Scan.
func (Scan) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", Owner.Type).Ref("scans").Unique().
			Comment("The organization, group or local root that was scanned."),
		edge.To("changes", Change.Type).
			Annotations(entgql.RelayConnection()).
			Comment("What this scan changed in the inventory against the previous scan of the same target."),
	}
}

// Indexes of the Scan.
func (Scan) Indexes() []ent.Index {
	return []ent.Index{index.Edges("owner"), index.Fields("platform", "target", "started_at")}
}
