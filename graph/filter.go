package graph

import (
	"context"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/pipeline"
	"github.com/privgraph/privgraph/ent/predicate"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/usage"
	"github.com/privgraph/privgraph/scanner/analysis"
)

// The predicates below back the filters graph/schema/*.graphql adds to the
// generated where inputs. The dashboard uses them too, so that a page and a
// script asking the same question get the same rows.

// RepoNamed matches the repository with this full name.
func RepoNamed(name string) predicate.Repository { return repository.FullNameEQ(name) }

// RepoOfTeam matches the repositories the team with this slug owns, as its
// checklist counts them (analysis.TeamRepositoryIDs: admin or maintain
// permission, or CODEOWNERS of the pipeline files; not read access). An
// unknown team, or one that owns nothing, matches nothing.
func RepoOfTeam(ctx context.Context, client *ent.Client, slug string) (predicate.Repository, error) {
	ids, err := analysis.TeamRepositoryIDs(ctx, client, slug)
	if err != nil {
		return nil, err
	}
	return repository.IDIn(ids...), nil
}

// CredentialInRepo matches credentials stored in a matching repository or
// referenced by jobs of one.
func CredentialInRepo(p predicate.Repository) predicate.Credential {
	return credential.Or(
		credential.HasRepositoryWith(p),
		credential.HasUsagesWith(usage.HasJobWith(JobInRepo(p))),
	)
}

// CredentialExposedTo matches credentials whose exposedTo holds the stage.
func CredentialExposedTo(stage job.Stage) predicate.Credential {
	return func(s *sql.Selector) {
		s.Where(sqljson.ValueContains(s.C(credential.FieldExposedTo), string(stage)))
	}
}

// CredentialNeededBy matches credentials whose neededBy holds the stage.
func CredentialNeededBy(stage job.Stage) predicate.Credential {
	return func(s *sql.Selector) {
		s.Where(sqljson.ValueContains(s.C(credential.FieldNeededBy), string(stage)))
	}
}

// JobInRepo matches jobs of pipelines of a matching repository.
func JobInRepo(p predicate.Repository) predicate.Job {
	return job.HasPipelineWith(pipeline.HasRepositoryWith(p))
}

// JobSearch matches jobs by name.
func JobSearch(q string) predicate.Job { return job.NameContainsFold(q) }

// FindingInRepo matches findings about a matching repository, a credential
// it holds, or one of its jobs.
func FindingInRepo(p predicate.Repository) predicate.Finding { return analysis.FindingAbout(p) }

// FindingOrganizationLevel matches the findings about no repository (true)
// or about one (false).
func FindingOrganizationLevel(yes bool) predicate.Finding {
	if yes {
		return analysis.OrganizationLevel()
	}
	return finding.Not(analysis.OrganizationLevel())
}

// FindingSearch matches findings by title or rule id.
func FindingSearch(q string) predicate.Finding {
	return finding.Or(finding.TitleContainsFold(q), finding.RuleContainsFold(q))
}

// set reports whether an optional filter value was given.
func set(s *string) bool { return s != nil && *s != "" }
