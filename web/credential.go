package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/change"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/pipeline"
	"github.com/privgraph/privgraph/ent/predicate"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/ent/team"
	"github.com/privgraph/privgraph/ent/usage"
	"github.com/privgraph/privgraph/graph"
	"github.com/privgraph/privgraph/scanner/analysis"
	"github.com/privgraph/privgraph/web/ui"
)

var (
	kinds  = enumStrings("", credential.KindValidator)
	scopes = []string{"INSTANCE", "OWNER", "REPOSITORY", "ENVIRONMENT", "UNKNOWN"}
)

// enumStrings lists an ent enum's values through its validator.
func enumStrings[T ~string](_ string, valid func(T) error) []string {
	var out []string
	for _, v := range []string{"ACTIONS_SECRET", "DEPENDABOT_SECRET", "CI_VARIABLE", "DEPLOY_KEY", "DEPLOY_TOKEN",
		"PROJECT_ACCESS_TOKEN", "GROUP_ACCESS_TOKEN", "APP_INSTALLATION", "GITHUB_TOKEN", "OIDC_TRUST", "RUNNER", "JENKINS_CREDENTIAL"} {
		if valid(T(v)) == nil {
			out = append(out, v)
		}
	}
	return out
}

func (s *server) handleCredentials(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	v := ui.CredentialsView{Page: s.page(r, "Credentials", "credentials"), Columns: stages}
	total, err := s.client.Credential.Query().Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if total == 0 {
		v.Empty = true
		s.render(w, r, ui.CredentialsPage(v))
		return
	}
	v.Search = strings.TrimSpace(q.Get("q"))
	kind, scope, stage := oneOf(q.Get("kind"), kinds), oneOf(q.Get("scope"), scopes), oneOf(q.Get("stage"), stages)
	slug := q.Get("team")
	v.Over = q.Get("over") == "1"
	var ps []predicate.Credential
	if v.Search != "" {
		ps = append(ps, credential.NameContainsFold(v.Search))
	}
	if kind != "" {
		ps = append(ps, credential.KindEQ(credential.Kind(kind)))
	}
	if scope != "" {
		ps = append(ps, credential.ScopeEQ(credential.Scope(scope)))
	}
	if stage != "" {
		ps = append(ps, graph.CredentialExposedTo(job.Stage(stage)))
	}
	if slug != "" {
		owned, err := graph.RepoOfTeam(ctx, s.client, slug)
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		ps = append(ps, graph.CredentialInRepo(owned))
	}
	if v.Over {
		ps = append(ps, credential.OverScoped(true))
	}
	teams, err := s.teamOptions(ctx, slug)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v.Kinds, v.Scopes, v.Stages, v.Teams = options(kinds, kind), options(scopes, scope), options(stages, stage), teams
	page, off := offset(r)
	base := s.client.Credential.Query().Where(ps...)
	n, err := base.Clone().Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	cs, err := base.Order(credential.ByOverScoped(sqlDesc()), credential.ByName(), credential.ByID()).
		Offset(off).Limit(pageSize).WithRepository().WithOwner().
		WithFindings(func(fq *ent.FindingQuery) { fq.Where(finding.StatusEQ(finding.StatusOPEN)) }).All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	for _, c := range cs {
		v.Rows = append(v.Rows, ui.CredentialRow{
			Name: c.Name, URL: credentialURL(c.ID), Kind: string(c.Kind), Scope: string(c.Scope), Where: where(c),
			OverScoped: c.OverScoped, StaticKey: c.StaticCloudKey, Matrix: matrix(c.NeededBy, c.ExposedTo),
			Findings: len(c.Edges.Findings),
		})
	}
	v.Pager = pager(r, page, n, len(cs))
	s.render(w, r, ui.CredentialsPage(v))
}

// where says where a credential is stored (its edges must be loaded).
func where(c *ent.Credential) ui.Link {
	switch {
	case c.Edges.Repository != nil:
		return ui.Link{Text: c.Edges.Repository.FullName, URL: repositoryURL(c.Edges.Repository.ID)}
	case c.Edges.Owner != nil:
		return ui.Link{Text: c.Edges.Owner.Name}
	}
	return ui.Link{}
}

func (s *server) teamOptions(ctx context.Context, selected string) ([]ui.Option, error) {
	ts, err := s.client.Team.Query().Order(team.BySlug()).Limit(200).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ui.Option, len(ts))
	for i, t := range ts {
		out[i] = ui.Option{Value: t.Slug, Label: t.Name, Selected: t.Slug == selected}
	}
	return out, nil
}

// Bounds of the credential page.
const (
	maxUsages      = 100
	maxPictureJobs = 24
)

func (s *server) handleCredential(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.handleNotFound(w, r)
		return
	}
	ctx := r.Context()
	c, err := s.client.Credential.Query().Where(credential.ID(id)).WithOwner().WithRepository().WithEnvironment().Only(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v := ui.CredentialView{Page: s.page(r, c.Name, "credentials"), Name: c.Name, Kind: string(c.Kind), Scope: string(c.Scope),
		Where: where(c), Over: c.OverScoped, Reasons: c.OverScopeReasons, Columns: stages, Matrix: matrix(c.NeededBy, c.ExposedTo)}
	v.Facts = credentialFacts(c)
	us, err := c.QueryUsages().Order(usage.ByFile(), usage.ByLine(), usage.ByID()).Limit(maxUsages + 1).
		WithJob(func(jq *ent.JobQuery) { jq.WithPipeline(func(pq *ent.PipelineQuery) { pq.WithRepository() }) }).All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if len(us) > maxUsages {
		n, err := c.QueryUsages().Count(ctx)
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		us, v.MoreUsage = us[:maxUsages], n-maxUsages
	}
	using := map[int]bool{}
	for _, u := range us {
		j := u.Edges.Job
		using[j.ID] = true
		row := ui.UsageRow{Job: j.Name, Stage: string(j.Stage), FileLine: fmt.Sprintf("%s:%d", u.File, u.Line), Expression: u.Expression, Via: string(u.Via)}
		if p := j.Edges.Pipeline; p != nil && p.Edges.Repository != nil {
			row.Repo = ui.Link{Text: p.Edges.Repository.FullName, URL: repositoryURL(p.Edges.Repository.ID)}
		}
		v.Usages = append(v.Usages, row)
	}
	jobs, err := s.pictureJobs(ctx, c)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	exposed, err := c.QueryExposedJobs().Count(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v.Picture = picture(c.Name, jobs, using, exposed-len(jobs))
	fs, err := c.QueryFindings().Unique(false).Order(bySeverity(), finding.ByID()).Limit(20).WithRepository().All(ctx)
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	v.Findings = s.findingRows(fs)
	if v.Teams, err = s.owningTeams(ctx, c.ID); err != nil {
		s.failErr(w, r, err)
		return
	}
	if o, ok := orgFixer(c); ok {
		v.Org = &o
	} else if len(v.Teams) == 0 && c.Edges.Repository != nil {
		q := url.Values{"repository": {c.Edges.Repository.FullName}}.Encode()
		v.RepoFindings = ui.Link{Text: c.Edges.Repository.FullName, URL: "/findings?" + q}
	}
	if v.History, err = s.history(ctx, c.Key); err != nil {
		s.failErr(w, r, err)
		return
	}
	s.render(w, r, ui.CredentialPage(v))
}

func credentialFacts(c *ent.Credential) []ui.Fact {
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	f := []ui.Fact{
		fact("Needed by", strings.Join(c.NeededBy, ", ")),
		fact("Exposed to", strings.Join(c.ExposedTo, ", ")),
		fact("Static cloud key", yes(c.StaticCloudKey)),
		fact("Personal token", yes(c.PersonalToken)),
		fact("Last updated", day(c.UpdatedAt)),
		fact("Expires", day(c.ExpiresAt)),
	}
	if c.Visibility != "" {
		f = append(f, ui.Fact{Label: "Visibility", Value: c.Visibility})
	}
	if len(c.Permissions) > 0 {
		f = append(f, ui.Fact{Label: "Permissions", Value: strings.Join(c.Permissions, ", ")})
	}
	if c.Edges.Environment != nil {
		f = append(f, ui.Fact{Label: "Environment", Value: c.Edges.Environment.Name})
	}
	if c.EnvironmentScope != "" {
		f = append(f, ui.Fact{Label: "Environment scope", Value: c.EnvironmentScope})
	}
	if c.Kind == credential.KindCI_VARIABLE {
		f = append(f, ui.Fact{Label: "Protected", Value: yes(c.Protected)}, ui.Fact{Label: "Masked", Value: yes(c.Masked)})
	}
	if c.ScopeAssumed {
		f = append(f, ui.Fact{Label: "Scope", Value: "assumed (local scan): every job of the repository"})
	}
	if c.ValueReused {
		f = append(f, ui.Fact{Label: "Value", Value: "the same value is stored elsewhere"})
	}
	for i := range f {
		if f[i].Value == "" {
			f[i].Value = "—"
		}
	}
	return f
}

// picture lays out credential → jobs → stages and environments.
func picture(name string, jobs []*ent.Job, using map[int]bool, hidden int) ui.Picture {
	const rowH, top = 34, 16
	p := ui.Picture{Width: 760, Hidden: max(hidden, 0)}
	var targets []string // stage and environment nodes, in order of appearance
	for _, j := range jobs {
		for _, t := range jobTargets(j) {
			if !slices.Contains(targets, t) {
				targets = append(targets, t)
			}
		}
	}
	slices.SortStableFunc(targets, func(a, b string) int { return strings.Compare(targetOrder(a), targetOrder(b)) })
	rows := max(len(jobs), len(targets), 1)
	p.Height = top*2 + rows*rowH
	cy := p.Height/2 - 14
	p.Nodes = append(p.Nodes, ui.Node{X: 8, Y: cy, W: 190, H: 28, Label: truncate(name, 24), Title: name, Class: "credential"})
	ty := map[string]int{}
	for i, t := range targets {
		y := top + i*rowH
		ty[t] = y + 13
		class := "stage"
		if strings.HasPrefix(t, "env: ") {
			class = "env"
		}
		p.Nodes = append(p.Nodes, ui.Node{X: 580, Y: y, W: 170, H: 26, Label: truncate(t, 22), Title: t, Class: class})
	}
	for i, j := range jobs {
		y := top + i*rowH
		class := "unneeded"
		if using[j.ID] {
			class = "needed"
		}
		label := j.Name
		if p := j.Edges.Pipeline; p != nil && p.Edges.Repository != nil {
			label = shortRepo(p.Edges.Repository.FullName) + " / " + j.Name
		}
		p.Edges = append(p.Edges, ui.Edge{X1: 198, Y1: cy + 14, X2: 270, Y2: y + 13, Class: class})
		for _, t := range jobTargets(j) {
			p.Edges = append(p.Edges, ui.Edge{X1: 500, Y1: y + 13, X2: 580, Y2: ty[t], Class: class})
		}
		p.Nodes = append(p.Nodes, ui.Node{X: 270, Y: y, W: 230, H: 26, Label: truncate(label, 30),
			Title: label + " (" + string(j.Stage) + ")", Class: "job " + class})
	}
	return p
}

func jobTargets(j *ent.Job) []string {
	t := []string{string(j.Stage)}
	if j.EnvironmentName != "" {
		t = append(t, "env: "+j.EnvironmentName)
	}
	return t
}

// targetOrder sorts stages in pipeline order, then environments.
func targetOrder(t string) string {
	if i := slices.Index(stages, t); i >= 0 {
		return fmt.Sprint(i)
	}
	return "9" + t
}

func shortRepo(full string) string {
	if i := strings.LastIndex(full, "/"); i >= 0 && i < len(full)-1 {
		return full[i+1:]
	}
	return full
}

// history lists the last changes recorded for an entity key.
func (s *server) history(ctx context.Context, key string) ([]ui.ChangeRow, error) {
	cs, err := s.client.Change.Query().Where(change.EntityKey(key)).Order(change.ByCreatedAt(sqlDesc()), change.ByID(sqlDesc())).
		Limit(20).WithScan().All(ctx)
	if err != nil {
		return nil, err
	}
	return changeRows(cs), nil
}

func changeRows(cs []*ent.Change) []ui.ChangeRow {
	out := make([]ui.ChangeRow, len(cs))
	for i, c := range cs {
		out[i] = ui.ChangeRow{When: stamp(c.CreatedAt), Kind: string(c.Kind), Entity: c.Entity, Summary: c.Summary}
		if c.Edges.Scan != nil {
			out[i].Scan = ui.Link{Text: fmt.Sprintf("#%d", c.Edges.Scan.ID), URL: scanURL(c.Edges.Scan.ID)}
		}
	}
	return out
}

// owningTeams returns the teams that own (analysis.RepositoryOwners: admin
// or maintain permission, or CODEOWNERS of the pipeline files) a repository
// storing or referencing the credential.
func (s *server) owningTeams(ctx context.Context, id int) ([]ui.Link, error) {
	owners, err := analysis.RepositoryOwners(ctx, s.client, repository.Or(
		repository.HasCredentialsWith(credential.ID(id)),
		repository.HasPipelinesWith(pipeline.HasJobsWith(job.HasUsagesWith(usage.HasCredentialWith(credential.ID(id))))),
	))
	if err != nil {
		return nil, err
	}
	var slugs []predicate.Team
	seen := map[string]bool{}
	for _, ss := range owners {
		for _, slug := range ss {
			if !seen[slug] {
				seen[slug] = true
				slugs = append(slugs, team.SlugEqualFold(slug))
			}
		}
	}
	if len(slugs) == 0 {
		return nil, nil
	}
	// Slugs CODEOWNERS names without a scanned team have no checklist page.
	ts, err := s.client.Team.Query().Where(team.Or(slugs...)).Order(team.BySlug()).Limit(20).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ui.Link, len(ts))
	for i, t := range ts {
		out[i] = ui.Link{Text: t.Name, URL: teamURL(t.Slug)}
	}
	return out, nil
}

// orgFixer says, for a credential stored above the repositories
// (organization, group or instance), who fixes it and where in the
// platform; ok is false for a credential stored in a repository.
func orgFixer(c *ent.Credential) (v ui.OrgLevel, ok bool) {
	if c.Edges.Repository != nil || c.Scope == credential.ScopeREPOSITORY || c.Scope == credential.ScopeENVIRONMENT {
		return v, false
	}
	name, platform := "", ""
	if o := c.Edges.Owner; o != nil {
		name, platform = o.Name, string(o.Platform)
	}
	if c.Edges.Owner == nil && c.Scope != credential.ScopeINSTANCE {
		return v, false
	}
	level := "organization"
	v = ui.OrgLevel{Checklist: "/findings?level=organization",
		Markdown: "/findings/checklist.md?level=organization"}
	switch {
	case c.Scope == credential.ScopeINSTANCE:
		level, v.Who = "instance", "the instance's administrators"
		v.Where = "the Admin area, Settings → CI/CD → Variables"
		if c.Kind == credential.KindRUNNER {
			v.Where = "the Admin area, CI/CD → Runners"
		}
	case platform == "GITLAB":
		level, v.Who = "group", "the group's Owners"
		switch c.Kind {
		case credential.KindGROUP_ACCESS_TOKEN:
			v.Where = "the group's Settings → Access tokens"
		case credential.KindDEPLOY_TOKEN:
			v.Where = "the group's Settings → Repository → Deploy tokens"
		case credential.KindRUNNER:
			v.Where = "the group's Build → Runners"
		default:
			v.Where = "the group's Settings → CI/CD → Variables"
		}
	case platform == "GITHUB":
		level, v.Who = "organization", "the organization's owners"
		switch c.Kind {
		case credential.KindDEPENDABOT_SECRET:
			v.Where = "the organization's Settings → Secrets and variables → Dependabot"
		case credential.KindAPP_INSTALLATION:
			v.Where = "the organization's Settings → GitHub Apps"
		case credential.KindRUNNER:
			v.Where = "the organization's Settings → Actions → Runner groups"
		default:
			v.Where = "the organization's Settings → Secrets and variables → Actions"
		}
	default:
		level, v.Who, v.Where = "organization", "the owners of "+name, "its settings"
	}
	v.Stored = level + " level"
	if name != "" && level != "instance" {
		v.Stored += " (" + name + ")"
	}
	return v, true
}

// pictureJobs returns up to maxPictureJobs jobs that can read c: those that
// reference it first, each group in pipeline stage order.
func (s *server) pictureJobs(ctx context.Context, c *ent.Credential) ([]*ent.Job, error) {
	uses := job.HasUsagesWith(usage.HasCredentialWith(credential.ID(c.ID)))
	var out []*ent.Job
	for _, p := range []predicate.Job{uses, job.Not(uses)} {
		js, err := c.QueryExposedJobs().Where(p).Order(job.ByID()).Limit(maxPictureJobs - len(out)).
			WithPipeline(func(pq *ent.PipelineQuery) { pq.WithRepository() }).All(ctx)
		if err != nil {
			return nil, err
		}
		slices.SortStableFunc(js, func(a, b *ent.Job) int {
			return slices.Index(stages, string(a.Stage)) - slices.Index(stages, string(b.Stage))
		})
		out = append(out, js...)
		if len(out) >= maxPictureJobs {
			break
		}
	}
	return out, nil
}
