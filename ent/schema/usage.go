package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Usage holds the schema definition for the Usage entity.
type Usage struct{ ent.Schema }

// Annotations of the Usage.
func (Usage) Annotations() []schema.Annotation {
	return append(node("One place where a job references a credential."),
		idLifetime("Not stable across rescans: every scan of a repository rewrites its usages, so they get new ids (use file and line, or the job's key, to follow one)."))
}

// Fields of the Usage.
func (Usage) Fields() []ent.Field {
	return []ent.Field{
		field.String("file").NotEmpty().Comment("File of the reference, relative to the repository root.").
			Annotations(entgql.OrderField("FILE")),
		field.Int("line").Default(0).NonNegative().Comment("Line of the reference (1-based; 0 when not known)."),
		field.String("expression").MaxLen(512).
			Comment("The reference as written, e.g. `${{ secrets.NPM_TOKEN }}` or `$DEPLOY_KEY`."),
		field.Enum("via").Values("ENV", "WITH", "RUN", "SECRETS_INHERIT", "SECRETS", "IMPLICIT", "SCRIPT", "VARIABLES", "IMAGE", "CREDENTIALS", "OTHER").
			Comment("How the job reaches it: ENV, WITH (action input), RUN (inline in a command), SECRETS_INHERIT, SECRETS (explicit mapping to a reusable workflow), IMPLICIT (GITHUB_TOKEN), SCRIPT and VARIABLES (GitLab), IMAGE, CREDENTIALS (Jenkins), OTHER.").
			Annotations(values(map[string]string{
				"ENV":             "An `env:` entry (job, step or workflow level) set from the credential.",
				"WITH":            "An action input (`with:`) set from the credential.",
				"RUN":             "Inline in a command (`run:`), expanded into the shell script.",
				"SECRETS_INHERIT": "`secrets: inherit`: a called reusable workflow receives every secret of the caller.",
				"SECRETS":         "An explicit `secrets:` mapping to a called reusable workflow.",
				"IMPLICIT":        "Available without a stored secret: the GITHUB_TOKEN every job gets.",
				"SCRIPT":          "GitLab: referenced in a job's `script`, `before_script` or `after_script`.",
				"VARIABLES":       "GitLab: referenced in a `variables:` entry.",
				"IMAGE":           "In the job's container or service image settings (e.g. registry credentials).",
				"CREDENTIALS":     "Jenkins: bound with `withCredentials` or `credentials()`.",
				"OTHER":           "Anywhere else in the job definition.",
			})),
	}
}

// Edges of the Usage.
func (Usage) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("job", Job.Type).Ref("usages").Unique().Required().Comment("The job that references the credential."),
		edge.From("credential", Credential.Type).Ref("usages").Unique().Required().Comment("The credential referenced."),
	}
}

// Indexes of the Usage.
func (Usage) Indexes() []ent.Index {
	return []ent.Index{index.Edges("job"), index.Edges("credential")}
}
