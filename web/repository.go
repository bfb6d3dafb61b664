package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/pipeline"
	"github.com/privgraph/privgraph/ent/predicate"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/web/ui"
)

func (s *server) handleRepositories(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	v := ui.RepositoriesView{Page: s.page(r, "Repositories", "repositories"), Search: strings.TrimSpace(q.Get("q"))}
	total, err := s.client.Repository.Query().Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if total == 0 {
		v.Empty = true
		s.render(w, r, ui.RepositoriesPage(v))
		return
	}
	slug := q.Get("team")
	if v.Teams, err = s.teamOptions(ctx, slug); err != nil {
		s.failErr(w, r, err)
		return
	}
	var ps []predicate.Repository
	if v.Search != "" {
		ps = append(ps, repository.FullNameContainsFold(v.Search))
	}
	if slug != "" {
		owned, err := graph.RepoOfTeam(ctx, s.client, slug)
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		ps = append(ps, owned)
	}
	page, off := offset(r)
	base := s.client.Repository.Query().Where(ps...)
	n, err := base.Clone().Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	rs, err := base.Order(repository.ByFullName(), repository.ByID()).Offset(off).Limit(pageSize).
		WithPipelines(func(pq *ent.PipelineQuery) { pq.WithJobs(func(jq *ent.JobQuery) { jq.Select(job.FieldID) }) }).
		WithTeams().WithFindings(func(fq *ent.FindingQuery) { fq.Where(finding.StatusEQ(finding.StatusOPEN)).Select(finding.FieldID) }).
		All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	for _, rp := range rs {
		row := ui.RepositoryRow{Name: rp.FullName, URL: repositoryURL(rp.ID), Platform: string(rp.Platform), Visibility: rp.Visibility,
			Pipelines: len(rp.Edges.Pipelines), Findings: len(rp.Edges.Findings), Archived: rp.Archived}
		for _, p := range rp.Edges.Pipelines {
			row.Jobs += len(p.Edges.Jobs)
		}
		var teams []string
		for _, t := range rp.Edges.Teams {
			teams = append(teams, t.Name)
		}
		row.Teams = strings.Join(teams, ", ")
		v.Rows = append(v.Rows, row)
	}
	v.Pager = pager(r, page, n, len(rs))
	s.render(w, r, ui.RepositoriesPage(v))
}

// Bounds of the repository page.
const (
	maxPipelines    = 50
	maxRepoFindings = 20
)

func (s *server) handleRepository(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	ctx := r.Context()
	rp, err := s.client.Repository.Query().Where(repository.ID(id)).WithOwner().WithTeams().
		WithEnvironments().WithBranchProtections().WithCodeOwners().
		WithCredentials(func(cq *ent.CredentialQuery) { cq.Order(credential.ByName()).Limit(100) }).Only(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v := ui.RepositoryView{Page: s.page(r, rp.FullName, "repositories"), Name: rp.FullName, FindingsURL: findingsOfRepo(rp.FullName)}
	v.Facts = repoFacts(rp)
	ps, err := rp.QueryPipelines().Order(pipeline.ByPath()).Limit(maxPipelines).
		WithJobs(func(jq *ent.JobQuery) {
			jq.Order(job.ByLine(), job.ByID()).WithUsages(func(uq *ent.UsageQuery) { uq.WithCredential() })
		}).All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	for _, p := range ps {
		v.Pipelines = append(v.Pipelines, pipelineView(p))
	}
	for _, e := range rp.Edges.Environments {
		v.Environments = append(v.Environments, ui.EnvironmentRow{Name: e.Name, Production: e.Production, Protected: e.Protected,
			Reviewers: dash(strings.Join(e.RequiredReviewers, ", ")), SelfReview: e.Protected && !e.PreventSelfReview, Branches: e.BranchPolicy})
	}
	for _, b := range rp.Edges.BranchProtections {
		v.Protections = append(v.Protections, protectionRow(b))
	}
	for _, c := range rp.Edges.CodeOwners {
		v.CodeOwners = append(v.CodeOwners, ui.CodeOwnersRow{Path: c.Path, Covers: c.CoversPipelineDefinitions, Rules: len(c.Rules), Errors: len(c.Errors)})
	}
	for _, c := range rp.Edges.Credentials {
		v.Credentials = append(v.Credentials, ui.Link{Text: c.Name, URL: credentialURL(c.ID)})
	}
	if err := s.repoFindings(ctx, rp, &v); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.render(w, r, ui.RepositoryPage(v))
}

func (s *server) repoFindings(ctx context.Context, rp *ent.Repository, v *ui.RepositoryView) error {
	q := s.client.Finding.Query().Where(graph.FindingInRepo(repository.ID(rp.ID)), finding.StatusEQ(finding.StatusOPEN))
	n, err := q.Clone().Count(ctx)
	if err != nil {
		return err
	}
	fs, err := q.Order(bySeverity(), finding.ByID()).Limit(maxRepoFindings).WithCredential().All(ctx)
	if err != nil {
		return err
	}
	v.Findings = s.findingRows(fs)
	if n > len(fs) {
		v.MoreFindings = n
	}
	return nil
}

func repoFacts(rp *ent.Repository) []ui.Fact {
	f := []ui.Fact{
		fact("Platform", string(rp.Platform)),
		fact("Visibility", dash(rp.Visibility)),
		fact("Default branch", dash(rp.DefaultBranch)),
		fact("Default token permission", dash(rp.DefaultWorkflowPermissions)),
	}
	var teams []string
	for _, t := range rp.Edges.Teams {
		teams = append(teams, t.Name)
	}
	f = append(f, ui.Fact{Label: "Teams", Value: dash(strings.Join(teams, ", "))})
	if rp.Archived {
		f = append(f, ui.Fact{Label: "Archived", Value: "yes"})
	}
	if rp.Fork {
		f = append(f, ui.Fact{Label: "Fork", Value: "yes"})
	}
	return f
}

func pipelineView(p *ent.Pipeline) ui.PipelineView {
	pv := ui.PipelineView{Path: p.Path, Name: p.Name, Triggers: dash(strings.Join(p.Triggers, ", ")), Untrusted: p.UntrustedTrigger,
		Permission: dash(p.PermissionsRaw), ParseError: p.ParseError}
	if pv.Permission == "—" && len(p.Permissions) > 0 {
		pv.Permission = strings.Join(p.Permissions, ", ")
	}
	for _, j := range p.Edges.Jobs {
		jv := ui.JobView{Name: j.Name, Stage: string(j.Stage), StageReason: j.StageReason, Environment: dash(j.EnvironmentName),
			Runner: dash(strings.Join(j.RunnerLabels, ", ")), SelfHosted: j.SelfHosted, Permissions: j.Permissions,
			Minimal: j.MinimalPermissions, Excess: excess(j.Permissions, j.MinimalPermissions), PermSource: dash(j.PermissionsSource), OIDC: j.Oidc}
		seen := map[int]bool{}
		for _, u := range j.Edges.Usages {
			if c := u.Edges.Credential; c != nil && !seen[c.ID] {
				seen[c.ID] = true
				jv.Credentials = append(jv.Credentials, ui.Link{Text: c.Name, URL: credentialURL(c.ID)})
			}
		}
		pv.Jobs = append(pv.Jobs, jv)
	}
	return pv
}

// excess lists the scope:level grants beyond the minimal ones.
func excess(has, minimal []string) []string {
	if minimal == nil {
		return nil
	}
	var out []string
	for _, p := range has {
		scope, level, _ := strings.Cut(p, ":")
		// metadata: read is granted to every token whatever the block says:
		// it is never beyond need.
		if level == "none" || scope == "metadata" || slices.Contains(minimal, p) {
			continue
		}
		if level == "read" && slices.Contains(minimal, scope+":write") {
			continue
		}
		out = append(out, p)
	}
	return out
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func protectionRow(b *ent.BranchProtection) ui.ProtectionRow {
	req := []string{fmt.Sprintf("%d approval(s)", b.RequiredApprovals)}
	if b.CodeOwnerReview {
		req = append(req, "code-owner review")
	}
	if b.DismissStale {
		req = append(req, "stale approvals dismissed")
	}
	if b.RequiredSignatures {
		req = append(req, "signed commits")
	}
	var weak []string
	if b.AllowForcePush {
		weak = append(weak, "force pushes allowed")
	}
	if b.AllowDeletions {
		weak = append(weak, "deletion allowed")
	}
	if !b.EnforceAdmins {
		weak = append(weak, "admins may bypass")
	}
	return ui.ProtectionRow{Pattern: b.Pattern, Source: string(b.Source), Summary: strings.Join(req, ", ") + ".", Weak: strings.Join(weak, ", ")}
}
