package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Pipeline holds the schema definition for the Pipeline entity.
type Pipeline struct{ ent.Schema }

// Annotations of the Pipeline.
func (Pipeline) Annotations() []schema.Annotation {
	return node("One pipeline definition: a GitHub Actions workflow file, a .gitlab-ci.yml (with its local includes) or a Jenkinsfile.")
}

// Fields of the Pipeline.
func (Pipeline) Fields() []ent.Field {
	return []ent.Field{
		keyField("pipeline"),
		field.Enum("kind").Values("GITHUB_ACTIONS", "GITLAB_CI", "JENKINS").
			Comment("GITHUB_ACTIONS, GITLAB_CI or JENKINS.").
			Annotations(values(map[string]string{
				"GITHUB_ACTIONS": "A GitHub Actions workflow under .github/workflows/.",
				"GITLAB_CI":      "A GitLab CI/CD configuration (.gitlab-ci.yml and its local includes).",
				"JENKINS":        "A declarative Jenkinsfile.",
			})),
		field.String("path").NotEmpty().
			Comment("Path of the definition inside the repository.").Annotations(entgql.OrderField("PATH")),
		field.String("name").Optional().Comment("The workflow's `name:`, when set."),
		field.Strings("triggers").Optional().Comment("Events that start the pipeline (push, pull_request_target, …)."),
		field.Bool("untrusted_trigger").Default(false).
			Comment("True when a trigger runs with the base repository's secrets on outsiders' input (pull_request_target, workflow_run, issue_comment, pull_request_review…)."),
		field.Bool("reusable").Default(false).Comment("True when the workflow can be called by others (on: workflow_call)."),
		field.Strings("permissions").Optional().
			Comment("Top-level `permissions:` as scope:level pairs (read-all / write-all expanded); null when unset."),
		field.String("permissions_raw").Optional().
			Comment("Top-level `permissions:` as written: read-all, write-all, {} or a map; empty when unset."),
		field.Strings("includes").Optional().
			Comment("Remote reusable workflows and includes it references, with their refs."),
		field.String("parse_error").Optional().
			Comment("Why the definition could not be fully parsed, with file:line; empty when it parsed."),
		field.String("content_sha256").Optional().Comment("SHA-256 of the definition's bytes."),
	}
}

// Edges of the Pipeline.
func (Pipeline) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("repository", Repository.Type).Ref("pipelines").Unique().Required().
			Comment("The repository that holds the definition."),
		edge.To("jobs", Job.Type).Comment("Jobs the pipeline defines."),
	}
}

// Indexes of the Pipeline.
func (Pipeline) Indexes() []ent.Index {
	return []ent.Index{index.Edges("repository")}
}
