package gitlab

import (
	"context"
	"net/url"
	"sync/atomic"

	"github.com/privgraph/privgraph/scanner"
)

type apiProject struct {
	ID                int64  `json:"id"`
	PathWithNamespace string `json:"path_with_namespace"`
	WebURL            string `json:"web_url"`
	Visibility        string `json:"visibility"`
	DefaultBranch     string `json:"default_branch"`
	Archived          bool   `json:"archived"`
	EmptyRepo         bool   `json:"empty_repo"`
	CIConfigPath      string `json:"ci_config_path"`
	Namespace         struct {
		FullPath string `json:"full_path"`
	} `json:"namespace"`
	ForkedFromProject *struct {
		ID int64 `json:"id"`
	} `json:"forked_from_project"`
	AllowTriggerApprove bool `json:"allow_pipeline_trigger_approve_deployment"`
}

// projects lists every project of the group and its subgroups (not those
// only shared with it).
func (r *scan) projects(ctx context.Context, top apiGroup) ([]apiProject, error) {
	q := url.Values{
		"include_subgroups": {"true"}, "with_shared": {"false"},
		"order_by": {"id"}, "sort": {"asc"},
	}
	ps, err := listKeyset[apiProject](ctx, r, "groups/"+pid(top.ID)+"/projects", q)
	if status, ok := isGap(err); ok {
		r.gaps.add(resProjects, status, top.FullPath, "")
		return nil, nil
	}
	return ps, err
}

// projectStep reads one kind of resource into the repository.
type projectStep func(ctx context.Context, p apiProject, repo *scanner.Repository) error

// scanProjects scans projects with bounded concurrency.
func (r *scan) scanProjects(ctx context.Context, projects []apiProject) error {
	steps := []projectStep{
		r.projectVariables, r.projectAccessTokens, r.projectDeployTokens, r.projectDeployKeys,
		r.projectRunners, r.projectEnvironments, r.projectProtections, r.projectJobToken, r.projectFiles,
	}
	repos := make([]scanner.Repository, len(projects))
	idx := make([]int, len(projects))
	for i := range idx {
		idx[i] = i
	}
	var done atomic.Int64
	err := forEach(ctx, r.s.opts.Concurrency, idx, func(ctx context.Context, i int) error {
		p := projects[i]
		repo := r.toRepository(p)
		for _, step := range steps {
			if err := step(ctx, p, &repo); err != nil {
				return err
			}
		}
		repos[i] = repo
		if n := done.Add(1); n%50 == 0 || int(n) == len(projects) {
			r.s.progress("scanned %d/%d projects", n, len(projects))
		}
		return nil
	})
	if err != nil {
		return err
	}
	r.facts.Repositories = repos
	return nil
}

func (r *scan) toRepository(p apiProject) scanner.Repository {
	owner := p.Namespace.FullPath
	if owner == r.facts.Owner.Name || !r.knownGroup(owner) {
		owner = "" // the top group, or a subgroup that could not be listed
	}
	return scanner.Repository{
		FullName: bounded(p.PathWithNamespace, 512), OwnerName: owner, URL: bounded(p.WebURL, 1024),
		Visibility: bounded(p.Visibility, 32), DefaultBranch: bounded(p.DefaultBranch, 255),
		Archived: p.Archived, Fork: p.ForkedFromProject != nil,
	}
}

func projectPath(p apiProject) string { return "projects/" + pid(p.ID) }

func (r *scan) projectVariables(ctx context.Context, p apiProject, repo *scanner.Repository) error {
	vars, err := r.listVariables(ctx, projectPath(p)+"/variables")
	if err != nil {
		return r.softRepo(err, resVariables, repo.FullName)
	}
	for _, v := range vars {
		repo.Credentials = append(repo.Credentials, toVariableCredential(v, scanner.ScopeRepository, ""))
	}
	return nil
}

func (r *scan) projectAccessTokens(ctx context.Context, p apiProject, repo *scanner.Repository) error {
	toks, err := listAll[apiAccessToken](ctx, r, projectPath(p)+"/access_tokens", nil)
	if err != nil {
		return r.softRepo(err, resAccessTokens, repo.FullName)
	}
	for _, t := range toks {
		repo.Credentials = append(repo.Credentials, toAccessToken(t, scanner.ProjectAccessToken, scanner.ScopeRepository))
	}
	return nil
}

func (r *scan) projectDeployTokens(ctx context.Context, p apiProject, repo *scanner.Repository) error {
	toks, err := listAll[apiDeployToken](ctx, r, projectPath(p)+"/deploy_tokens", nil)
	if err != nil {
		return r.softRepo(err, resDeployTokens, repo.FullName)
	}
	for _, t := range toks {
		repo.Credentials = append(repo.Credentials, toDeployToken(t, scanner.ScopeRepository))
	}
	return nil
}

func (r *scan) projectDeployKeys(ctx context.Context, p apiProject, repo *scanner.Repository) error {
	keys, err := listAll[apiDeployKey](ctx, r, projectPath(p)+"/deploy_keys", nil)
	if err != nil {
		return r.softRepo(err, resDeployKeys, repo.FullName)
	}
	for _, k := range keys {
		repo.Credentials = append(repo.Credentials, toDeployKey(k))
	}
	return nil
}

// projectRunners records the runners assigned to the project itself;
// group and instance runners are read at their level.
func (r *scan) projectRunners(ctx context.Context, p apiProject, repo *scanner.Repository) error {
	runners, err := listAll[apiRunner](ctx, r, projectPath(p)+"/runners", url.Values{"type": {"project_type"}})
	if err != nil {
		return r.softRepo(err, resRunners, repo.FullName)
	}
	return r.addRunners(ctx, runners, "repository", repo.FullName)
}

type apiJobTokenScope struct {
	InboundEnabled bool `json:"inbound_enabled"`
}

// projectJobToken reads the CI/CD job token's inbound allowlist: which
// projects' and groups' job tokens may access this project.
func (r *scan) projectJobToken(ctx context.Context, p apiProject, repo *scanner.Repository) error {
	var scope apiJobTokenScope
	if _, err := r.get(ctx, projectPath(p)+"/job_token_scope", nil, &scope); err != nil {
		return r.softRepo(err, resJobToken, repo.FullName)
	}
	enabled := scope.InboundEnabled
	repo.JobTokenScopeEnabled = &enabled
	if !enabled {
		return nil
	}
	projects, err := listAll[struct {
		PathWithNamespace string `json:"path_with_namespace"`
	}](ctx, r, projectPath(p)+"/job_token_scope/allowlist", nil)
	if err != nil {
		return r.softRepo(err, resJobToken, repo.FullName)
	}
	for _, x := range projects {
		repo.JobTokenAllowlist = append(repo.JobTokenAllowlist, bounded(x.PathWithNamespace, 512))
	}
	groups, err := listAll[struct {
		FullPath string `json:"full_path"`
	}](ctx, r, projectPath(p)+"/job_token_scope/groups_allowlist", nil)
	if err != nil {
		return r.softRepo(err, resJobToken, repo.FullName)
	}
	for _, g := range groups {
		repo.JobTokenAllowlist = append(repo.JobTokenAllowlist, "group:"+bounded(g.FullPath, 512))
	}
	return nil
}

// knownGroup says whether path is one of the scanned groups.
func (r *scan) knownGroup(path string) bool {
	for _, g := range r.groups {
		if g == path {
			return true
		}
	}
	return false
}
