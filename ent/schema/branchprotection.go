package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// BranchProtection holds the schema definition for the BranchProtection entity.
type BranchProtection struct{ ent.Schema }

// Annotations of the BranchProtection.
func (BranchProtection) Annotations() []schema.Annotation {
	return node("A rule guarding a branch: classic branch protection, a ruleset, or a GitLab protected branch.")
}

// Fields of the BranchProtection.
func (BranchProtection) Fields() []ent.Field {
	return []ent.Field{
		keyField("protection"),
		field.Enum("source").Values("CLASSIC", "RULESET", "GITLAB", "UNKNOWN").
			Comment("CLASSIC branch protection, a RULESET, or a GITLAB protected branch.").
			Annotations(values(map[string]string{
				"CLASSIC": "GitHub classic branch protection rule.",
				"RULESET": "GitHub repository or organization ruleset (name says which).",
				"GITLAB":  "GitLab protected branch.",
				"UNKNOWN": "The scanner did not say where the rule came from.",
			})),
		field.String("name").Optional().Comment("Ruleset name, when the rule comes from one."),
		field.String("pattern").NotEmpty().Annotations(entgql.OrderField("PATTERN")).Comment("Branch or pattern the rule applies to."),
		field.Int("required_approvals").Default(0).NonNegative().Comment("Approving reviews a merge needs."),
		field.Bool("code_owner_review").Default(false).Comment("True when a code owner must approve."),
		field.Bool("dismiss_stale").Default(false).Comment("True when new commits dismiss approvals."),
		field.Bool("enforce_admins").Default(false).Comment("True when administrators cannot bypass the rule."),
		field.Bool("allow_force_push").Default(false).Comment("True when force pushes are allowed."),
		field.Bool("allow_deletions").Default(false).Comment("True when the branch may be deleted."),
		field.Bool("required_signatures").Default(false).Comment("True when commits must be signed."),
		field.Strings("status_checks").Optional().Comment("Status checks that must pass."),
		field.Strings("bypass_actors").Optional().Comment("Who may bypass the rule."),
		field.Strings("push_access").Optional().Comment("GitLab: who may push."),
		field.Strings("merge_access").Optional().Comment("GitLab: who may merge."),
	}
}

// Edges of the BranchProtection.
func (BranchProtection) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("repository", Repository.Type).Ref("branch_protections").Unique().Required().
			Comment("The protected repository."),
	}
}

// Indexes of the BranchProtection.
func (BranchProtection) Indexes() []ent.Index {
	return []ent.Index{index.Edges("repository")}
}
