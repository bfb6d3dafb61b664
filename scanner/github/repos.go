package github

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"

	gh "github.com/google/go-github/v60/github"
	"golang.org/x/sync/errgroup"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// maxFileBytes bounds a workflow or CODEOWNERS file read (GitHub's own
// CODEOWNERS limit is 3 MB; workflow files are far smaller in practice).
const maxFileBytes = 3 << 20

// readRepositories reads every repository with Concurrency workers.
func (st *scan) readRepositories(ctx context.Context, repos []*gqlRepo) error {
	teamPerms := map[string]map[string]string{}
	for _, t := range st.facts.Teams {
		for repo, perm := range t.RepositoryPermissions {
			if teamPerms[repo] == nil {
				teamPerms[repo] = map[string]string{}
			}
			teamPerms[repo][t.Slug] = perm
		}
	}
	st.facts.Repositories = make([]scanner.Repository, len(repos))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(st.opts.Concurrency)
	for i, r := range repos {
		g.Go(func() error {
			repo, err := st.readRepository(ctx, r)
			if err != nil {
				return err
			}
			repo.TeamPermissions = teamPerms[r.NameWithOwner]
			st.mu.Lock()
			st.facts.Repositories[i] = repo
			st.done++
			st.mu.Unlock()
			st.progress()
			return nil
		})
	}
	return g.Wait()
}

// readRepository reads one repository: what GraphQL gave, then the REST
// resources it cannot give.
func (st *scan) readRepository(ctx context.Context, r *gqlRepo) (scanner.Repository, error) {
	owner, name, _ := strings.Cut(r.NameWithOwner, "/")
	rc := &repoScan{scan: st, owner: owner, name: name, full: r.NameWithOwner, files: map[string][]byte{}}
	repo := scanner.Repository{
		FullName: r.NameWithOwner, URL: r.URL, Visibility: strings.ToLower(r.Visibility),
		DefaultBranch: r.defaultBranch(), Archived: r.IsArchived, Fork: r.IsFork,
	}
	st.orgActionsPolicy(&repo)
	steps := []func(context.Context, *scanner.Repository) error{
		rc.readWorkflowDefaults,
		rc.readSecrets,
		rc.readDependabotSecrets,
	}
	// The repository's own Actions policy (opt-in: one request per
	// repository), unless the organization's already disables Actions here.
	if st.opts.RepoActionsPolicy && (repo.ActionsEnabled == nil || *repo.ActionsEnabled) {
		steps = append(steps, rc.readActionsPolicy)
	}
	if r.Environments.TotalCount > 0 {
		steps = append(steps, rc.readEnvironments)
	}
	if r.DeployKeys.TotalCount > 0 {
		steps = append(steps, rc.readDeployKeys)
	}
	for _, step := range steps {
		if err := step(ctx, &repo); err != nil {
			return repo, err
		}
	}
	repo.Protections = protections(r, repo.DefaultBranch)
	if n, m := len(r.BranchProtectionRules.Nodes), r.BranchProtectionRules.TotalCount; n < m {
		rc.addGap(fmt.Sprintf("%s: only %d of %d branch protection rules were read", rc.full, n, m))
		rc.unread(errTruncated, "protections", rc.full)
	}
	if n, m := len(r.Rulesets.Nodes), r.Rulesets.TotalCount; n < m {
		rc.addGap(fmt.Sprintf("%s: only %d of %d rulesets were read", rc.full, n, m))
		rc.unread(errTruncated, "protections", rc.full)
	}
	if err := rc.readCodeOwners(ctx, r, &repo); err != nil {
		return repo, err
	}
	if err := rc.readWorkflows(ctx, r, &repo); err != nil {
		return repo, err
	}
	if mayRunSelfHosted(repo.Pipelines) {
		if err := rc.readRunners(ctx); err != nil {
			return repo, err
		}
	}
	return repo, nil
}

// repoScan is the state of one repository's read.
// errTruncated marks a list the scan read only in part.
var errTruncated = errors.New("list truncated")

type repoScan struct {
	*scan
	owner, name, full string
	// files holds workflow files from GraphQL, by path.
	files map[string][]byte
}

func (rc *repoScan) path(format string, args ...any) string {
	return fmt.Sprintf("repos/%s/%s/", url.PathEscape(rc.owner), url.PathEscape(rc.name)) + fmt.Sprintf(format, args...)
}

// readWorkflowDefaults reads the repository's default GITHUB_TOKEN
// permission. When the organization's is read, repositories cannot widen
// it, and the request is skipped.
func (rc *repoScan) readWorkflowDefaults(ctx context.Context, repo *scanner.Repository) error {
	rc.mu.Lock()
	orgDefault, orgApprove := rc.orgWorkflowDefault, rc.orgCanApprove
	rc.mu.Unlock()
	if orgDefault == "read" {
		repo.DefaultWorkflowPermissions = "read"
		if orgApprove != nil && !*orgApprove {
			f := false
			repo.CanApprovePullRequests = &f
		}
		return nil
	}
	var out struct {
		DefaultWorkflowPermissions   string `json:"default_workflow_permissions"`
		CanApprovePullRequestReviews *bool  `json:"can_approve_pull_request_reviews"`
	}
	_, err := rc.get(ctx, rc.path("actions/permissions/workflow"), &out)
	if err != nil {
		return rc.classify(err, rc.full+": default workflow permissions", needRepoAdmin)
	}
	repo.DefaultWorkflowPermissions = out.DefaultWorkflowPermissions
	repo.CanApprovePullRequests = out.CanApprovePullRequestReviews
	return nil
}

// readActionsPolicy reads whether Actions may run in the repository and
// which actions it allows; a repository may narrow the organization's
// policy. Its answer replaces the organization-derived values; on a gap
// those stay.
func (rc *repoScan) readActionsPolicy(ctx context.Context, repo *scanner.Repository) error {
	p, _, err := rc.client.Repositories.GetActionsPermissions(ctx, rc.owner, rc.name)
	if err != nil {
		return rc.classify(decodeErr(err), rc.full+": Actions permissions", needRepoAdmin)
	}
	if p.Enabled == nil {
		return nil // not an answer to trust over the organization's
	}
	on := p.GetEnabled()
	repo.ActionsEnabled = &on
	repo.AllowedActions = ""
	if on {
		repo.AllowedActions = p.GetAllowedActions()
	}
	return nil
}

func (rc *repoScan) readSecrets(ctx context.Context, repo *scanner.Repository) error {
	err := rc.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		ss, resp, err := rc.client.Actions.ListRepoSecrets(ctx, rc.owner, rc.name, o)
		if ss != nil {
			for _, s := range ss.Secrets {
				repo.Credentials = append(repo.Credentials, secretCredential(scanner.ActionsSecret, scanner.ScopeRepository, "", s))
			}
		}
		return resp, err
	})
	rc.unread(err, "credentials", rc.full)
	return rc.classify(err, rc.full+": Actions secrets", needRepoSecrets)
}

func (rc *repoScan) readDependabotSecrets(ctx context.Context, repo *scanner.Repository) error {
	err := rc.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		ss, resp, err := rc.client.Dependabot.ListRepoSecrets(ctx, rc.owner, rc.name, o)
		if ss != nil {
			for _, s := range ss.Secrets {
				repo.Credentials = append(repo.Credentials, secretCredential(scanner.DependabotSecret, scanner.ScopeRepository, "", s))
			}
		}
		return resp, err
	})
	rc.unread(err, "credentials", rc.full)
	return rc.classify(err, rc.full+": Dependabot secrets", needRepoDependabot)
}

func (rc *repoScan) readDeployKeys(ctx context.Context, repo *scanner.Repository) error {
	err := rc.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		keys, resp, err := rc.client.Repositories.ListKeys(ctx, rc.owner, rc.name, o)
		for _, k := range keys {
			c := scanner.Credential{Kind: scanner.DeployKey, Name: k.GetTitle(), Scope: scanner.ScopeRepository,
				ReadOnly: k.GetReadOnly(), AccessLevel: "write", Permissions: []string{"contents:write"},
				CreatedAt: tsPtr(k.CreatedAt), LastUsedAt: tsPtr(k.LastUsed), Active: true, ID: fmt.Sprint(k.GetID())}
			if c.ReadOnly {
				c.AccessLevel, c.Permissions = "read", []string{"contents:read"}
			}
			repo.Credentials = append(repo.Credentials, c)
		}
		return resp, err
	})
	rc.unread(err, "credentials", rc.full)
	return rc.classify(err, rc.full+": deploy keys", needRepoAdmin)
}

// readRunners reads the repository's own self-hosted runners (only for
// repositories whose jobs may run on self-hosted runners).
func (rc *repoScan) readRunners(ctx context.Context) error {
	var runners []scanner.Runner
	err := rc.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		rs, resp, err := rc.client.Actions.ListRunners(ctx, rc.owner, rc.name, o)
		if rs != nil {
			for _, r := range rs.Runners {
				runners = append(runners, toRunner(r))
			}
		}
		return resp, err
	})
	if err := rc.classify(err, rc.full+": self-hosted runners", needRepoAdmin); err != nil || len(runners) == 0 {
		return err
	}
	g := scanner.RunnerGroup{Name: rc.full, Level: "repository", Visibility: "selected",
		SelectedRepositories: []string{rc.full}, Runners: runners, Labels: unionLabels(runners)}
	rc.mu.Lock()
	rc.facts.RunnerGroups = append(rc.facts.RunnerGroups, g)
	rc.mu.Unlock()
	return nil
}

// mayRunSelfHosted reports a job that runs on a self-hosted runner, or
// whose runs-on is an expression the parser could not resolve (e.g.
// ${{ matrix.os }} over a matrix from fromJSON, ${{ inputs.runner }}): it
// may resolve to self-hosted labels at run time.
func mayRunSelfHosted(ps []workflow.Pipeline) bool {
	for _, p := range ps {
		for _, j := range p.Jobs {
			if j.SelfHosted {
				return true
			}
			for _, l := range j.RunsOn {
				if strings.Contains(l, "${{") {
					return true
				}
			}
		}
	}
	return false
}

// readWorkflows parses the workflow files GraphQL returned; local reusable
// workflows are read from the same set (or fetched when elsewhere).
func (rc *repoScan) readWorkflows(ctx context.Context, r *gqlRepo, repo *scanner.Repository) error {
	if r.Workflows == nil {
		return nil
	}
	var paths []string
	for _, e := range r.Workflows.Entries {
		if e.Type != "blob" || e.Object == nil {
			continue
		}
		ext := strings.ToLower(path.Ext(e.Name))
		if ext != ".yml" && ext != ".yaml" {
			continue
		}
		p := ".github/workflows/" + e.Name
		text, err := rc.blobText(ctx, p, e.Object)
		if err != nil {
			return err
		}
		if text == nil {
			continue
		}
		rc.files[p] = text
		paths = append(paths, p)
	}
	sort.Strings(paths)
	var fetchErr error
	fetched := 0
	read := func(p string) ([]byte, error) {
		p = strings.TrimPrefix(path.Clean("/"+p), "/")
		if b, ok := rc.files[p]; ok {
			return b, nil
		}
		if fetched >= 20 || fetchErr != nil {
			return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
		}
		fetched++
		b, err := rc.readContent(ctx, p)
		if err != nil {
			if !isNotExist(err) {
				fetchErr = err
			}
			return nil, err
		}
		rc.files[p] = b
		return b, nil
	}
	for _, p := range paths {
		pl := workflow.ParseGitHub(p, rc.files[p], read)
		if fetchErr != nil {
			return fetchErr
		}
		workflow.ApplyDefaultPermissions(&pl, repo.DefaultWorkflowPermissions)
		repo.Pipelines = append(repo.Pipelines, pl)
	}
	return nil
}
