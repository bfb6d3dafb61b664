package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Runner is one self-hosted runner of a group.
type Runner struct {
	Name   string   `json:"name"`
	Labels []string `json:"labels"`
	Status string   `json:"status"`
	OS     string   `json:"os,omitempty"`
}

// RunnerGroup holds the schema definition for the RunnerGroup entity.
type RunnerGroup struct{ ent.Schema }

// Annotations of the RunnerGroup.
func (RunnerGroup) Annotations() []schema.Annotation {
	return node("Self-hosted runners and who may use them: a GitHub runner group, or GitLab instance, group or project runners.")
}

// Fields of the RunnerGroup.
func (RunnerGroup) Fields() []ent.Field {
	return []ent.Field{
		keyField("runner group"),
		field.String("name").NotEmpty().Comment("Group name (or runner description on GitLab).").Annotations(entgql.OrderField("NAME")),
		field.String("level").Optional().Comment("instance, organization, group or repository."),
		field.String("visibility").Optional().Comment("Which repositories may use it: all, private, selected."),
		field.Bool("allows_public_repositories").Default(false).Comment("True when public repositories (and their forks' pull requests) may run on it."),
		field.Strings("selected_repositories").Optional().Comment("Repositories allowed, when limited."),
		field.Strings("selected_workflows").Optional().Comment("Workflows allowed, when restricted."),
		field.Bool("protected_refs_only").Default(false).Comment("GitLab: runs only jobs of protected branches and tags."),
		field.Bool("run_untagged").Default(false).Comment("GitLab: picks up jobs without tags."),
		field.Bool("locked").Default(false).Comment("GitLab: the runner is locked to its current projects (others cannot enable it)."),
		field.Strings("labels").Optional().Comment("Labels or tags of its runners."),
		field.JSON("runners", []Runner{}).Optional().Annotations(entgql.Type("[Runner!]")).Comment("Its runners: name, labels, status."),
	}
}

// Edges of the RunnerGroup.
func (RunnerGroup) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", Owner.Type).Ref("runner_groups").Unique().Comment("The organization or group of the runners."),
	}
}

// Indexes of the RunnerGroup.
func (RunnerGroup) Indexes() []ent.Index {
	return []ent.Index{index.Edges("owner")}
}
