package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CodeOwnersRule is one line of a CODEOWNERS file.
type CodeOwnersRule struct {
	Pattern string   `json:"pattern"`
	Owners  []string `json:"owners"`
	Line    int      `json:"line"`
}

// CodeOwners holds the schema definition for the CodeOwners entity.
type CodeOwners struct{ ent.Schema }

// Annotations of the CodeOwners.
func (CodeOwners) Annotations() []schema.Annotation {
	return []schema.Annotation{
		entgql.RelayConnection(),
		entgql.QueryField("codeOwners").Description(listDescription("CODEOWNERS files and whether they guard the pipeline definitions.")),
		entgql.MultiOrder(),
		schema.Comment("A CODEOWNERS file and whether it guards the pipeline definitions."),
	}
}

// Fields of the CodeOwners.
func (CodeOwners) Fields() []ent.Field {
	return []ent.Field{
		keyField("CODEOWNERS file"),
		field.String("path").NotEmpty().Annotations(entgql.OrderField("PATH")).Comment("Path of the file: CODEOWNERS, .github/CODEOWNERS, docs/CODEOWNERS or .gitlab/CODEOWNERS."),
		field.JSON("rules", []CodeOwnersRule{}).Optional().Annotations(entgql.Type("[CodeOwnersRule!]")).Comment("Rules in file order: pattern, owners, line."),
		field.Strings("errors").Optional().Comment("Syntax errors, with line numbers (GitHub's report when scanned through the API)."),
		field.Bool("covers_pipeline_definitions").Default(false).
			Comment("True when a rule with owners covers every pipeline definition of the repository."),
	}
}

// Edges of the CodeOwners.
func (CodeOwners) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("repository", Repository.Type).Ref("code_owners").Unique().Required().
			Comment("The repository the file belongs to."),
	}
}

// Indexes of the CodeOwners.
func (CodeOwners) Indexes() []ent.Index {
	return []ent.Index{index.Edges("repository")}
}
