package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/privgraph/privgraph/scanner/workflow/detail"
)

// Job holds the schema definition for the Job entity.
type Job struct{ ent.Schema }

// Annotations of the Job.
func (Job) Annotations() []schema.Annotation {
	return node("One job of a pipeline, with the stage it belongs to and the privileges it runs with.")
}

// Fields of the Job.
func (Job) Fields() []ent.Field {
	return []ent.Field{
		keyField("job"),
		field.String("name").
			Comment("Display name of the job (its key when it has no name).").Annotations(entgql.OrderField("NAME")),
		field.String("file").Optional().
			Comment("File the job is defined in when it is not the pipeline's own file (a GitLab include); empty otherwise."),
		field.Int("line").Default(0).NonNegative().Comment("Line of the job's definition, in file when set, else in the pipeline file."),
		field.Enum("stage").Values(stages...).Default("UNKNOWN").Annotations(values(stageDocs)).
			Comment("BUILD, TEST, SIGN, STAGE, DEPLOY, or UNKNOWN when the evidence is absent or contradictory.").
			Annotations(entgql.OrderField("STAGE")),
		field.String("stage_reason").Optional().
			Comment("The evidence for the stage, as a short sentence."),
		field.String("environment_name").Optional().
			Comment("The environment the job deploys to, as written (may be an expression)."),
		field.Strings("runner_labels").Optional().Comment("runs-on labels, runner group, or GitLab runner tags."),
		field.Bool("self_hosted").Default(false).Comment("True when the job runs on a self-hosted runner."),
		field.Strings("permissions").Optional().
			Comment("Effective GITHUB_TOKEN permissions as scope:level pairs; null when unknown (local scan without a job or workflow block)."),
		field.String("permissions_source").Optional().
			Comment("Where the effective permissions come from: job, workflow, repository, organization, or unknown."),
		field.Strings("minimal_permissions").Optional().
			Comment("Token permissions the job's steps need, from the action knowledge base."),
		field.Strings("unknown_steps").Optional().
			Comment("Steps whose token needs are not known (actions missing from the knowledge base)."),
		field.Bool("oidc").Default(false).Comment("True when the job can mint OIDC tokens (id-token: write, GitLab id_tokens)."),
		field.String("calls").Optional().
			Comment("Reusable workflow, trigger or include the job calls, with its ref."),
		field.Bool("calls_pinned").Default(false).Comment("True when the called workflow's ref is a full commit SHA."),
		field.Bool("secrets_inherit").Default(false).Comment("True when the job passes `secrets: inherit` to a reusable workflow."),
		field.Bool("manual").Default(false).Comment("True when the job runs only when started by hand (GitLab when: manual)."),
		field.Bool("protected_refs_only").Default(false).
			Comment("True when the job runs only on protected branches or tags."),
		field.Bool("untrusted_checkout").Default(false).
			Comment("True when the job checks out or runs pull-request-controlled code."),
		field.Bool("secrets_whole_context").Default(false).
			Comment("True when the job reads the whole secrets context (toJSON(secrets), secrets[expr])."),
		field.Strings("needs").Optional().Comment("Jobs this job waits for."),
		field.JSON("detail", &detail.JobDetail{}).Optional().
			Annotations(entgql.Skip()).
			Comment("Parsed step facts the rules read (actions, pins, injections); not part of the API."),
	}
}

// Edges of the Job.
func (Job) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("pipeline", Pipeline.Type).Ref("jobs").Unique().Required().
			Comment("The pipeline that defines the job."),
		edge.From("environment", Environment.Type).Ref("jobs").Unique().
			Comment("The environment the job runs in, when it could be resolved."),
		edge.To("usages", Usage.Type).Comment("Credentials the job references, with file:line."),
		edge.From("exposed_credentials", Credential.Type).Ref("exposed_jobs").
			Comment("Credentials this job can read, whether or not it references them."),
	}
}

// Indexes of the Job.
func (Job) Indexes() []ent.Index {
	return []ent.Index{index.Edges("pipeline"), index.Edges("environment"), index.Fields("stage")}
}
