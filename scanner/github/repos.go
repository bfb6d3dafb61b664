package github

import (
	"context"
	"encoding/base64"
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
	steps := []func(context.Context, *scanner.Repository) error{
		rc.readWorkflowDefaults,
		rc.readSecrets,
		rc.readDependabotSecrets,
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
	if err := rc.readCodeOwners(ctx, r, &repo); err != nil {
		return repo, err
	}
	if err := rc.readWorkflows(ctx, r, &repo); err != nil {
		return repo, err
	}
	if selfHosted(repo.Pipelines) {
		if err := rc.readRunners(ctx); err != nil {
			return repo, err
		}
	}
	return repo, nil
}

// repoScan is the state of one repository's read.
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
	return rc.classify(err, rc.full+": deploy keys", needRepoAdmin)
}

// readRunners reads the repository's own self-hosted runners (only for
// repositories whose jobs run on self-hosted runners).
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

func selfHosted(ps []workflow.Pipeline) bool {
	for _, p := range ps {
		for _, j := range p.Jobs {
			if j.SelfHosted {
				return true
			}
		}
	}
	return false
}

// readCodeOwners parses the CODEOWNERS GitHub uses (the first of its three
// locations) and adds GitHub's own error report for it.
func (rc *repoScan) readCodeOwners(ctx context.Context, r *gqlRepo, repo *scanner.Repository) error {
	for i, b := range []*gqlBlob{r.CO1, r.CO2, r.CO3} {
		if b == nil {
			continue
		}
		p := scanner.CodeOwnersPaths[i]
		text, err := rc.blobText(ctx, p, b)
		if err != nil {
			return err
		}
		file := scanner.ParseCodeOwners(p, text)
		var report gh.CodeownersErrors
		if _, err := rc.get(ctx, rc.path("codeowners/errors"), &report); err != nil {
			if err := rc.classify(err, rc.full+": CODEOWNERS errors", needContents); err != nil {
				return err
			}
		}
		for _, e := range report.Errors {
			msg := fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Kind)
			if e.Suggestion != nil && *e.Suggestion != "" {
				msg += ": " + *e.Suggestion
			}
			file.Errors = append(file.Errors, bounded(msg, 500))
		}
		repo.CodeOwners = append(repo.CodeOwners, file)
		return nil
	}
	return nil
}

// blobText returns a GraphQL blob's text, fetching it over REST when
// GraphQL truncated it.
func (rc *repoScan) blobText(ctx context.Context, p string, b *gqlBlob) ([]byte, error) {
	if b.IsBinary {
		return nil, nil
	}
	if b.Text != nil && !b.IsTruncated {
		return []byte(*b.Text), nil
	}
	if b.ByteSize > maxFileBytes {
		rc.addGap(fmt.Sprintf("%s: %s is larger than %d bytes and was not read", rc.full, p, maxFileBytes))
		return nil, nil
	}
	text, err := rc.readContent(ctx, p)
	if err != nil && !isNotExist(err) {
		return nil, err
	}
	return text, nil
}

// readContent fetches one file at the default branch through the contents
// API. A missing file is fs.ErrNotExist.
func (rc *repoScan) readContent(ctx context.Context, p string) ([]byte, error) {
	var escaped []string
	for _, seg := range strings.Split(p, "/") {
		escaped = append(escaped, url.PathEscape(seg))
	}
	var fc gh.RepositoryContent
	_, err := rc.get(ctx, rc.path("contents/%s", strings.Join(escaped, "/")), &fc)
	if err != nil {
		if cerr := rc.classify(err, rc.full+": file "+p, needContents); cerr != nil {
			return nil, cerr
		}
		// classify recorded a gap; a 404 is just a missing file.
		if isGitHubStatus(err, 404) {
			rc.lastGap()
		}
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	if fc.GetSize() > maxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes: %w", p, maxFileBytes, fs.ErrNotExist)
	}
	if fc.GetEncoding() == "base64" && fc.Content != nil {
		b, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(*fc.Content, "\n", ""))
		if err != nil {
			return nil, fmt.Errorf("%s: content is not base64: %w", p, fs.ErrNotExist)
		}
		return b, nil
	}
	text, err := fc.GetContent()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, fs.ErrNotExist)
	}
	return []byte(text), nil
}

func isNotExist(err error) bool {
	return err != nil && strings.Contains(err.Error(), fs.ErrNotExist.Error())
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

// readEnvironments reads environments, their protection, branch policies,
// custom rules (for production-like ones without reviewers) and secrets.
func (rc *repoScan) readEnvironments(ctx context.Context, repo *scanner.Repository) error {
	var envs []*gh.Environment
	opts := &gh.EnvironmentListOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	err := rc.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		opts.ListOptions = *o
		er, resp, err := rc.client.Repositories.ListEnvironments(ctx, rc.owner, rc.name, opts)
		if er != nil {
			envs = append(envs, er.Environments...)
		}
		return resp, err
	})
	if err := rc.classify(err, rc.full+": environments", needEnvironments); err != nil {
		return err
	}
	for _, e := range envs {
		env := toEnvironment(e)
		ep := url.PathEscape(env.Name)
		if env.BranchPolicy == "custom" {
			var out struct {
				BranchPolicies []struct {
					Name string `json:"name"`
					Type string `json:"type"`
				} `json:"branch_policies"`
			}
			if _, err := rc.get(ctx, rc.path("environments/%s/deployment-branch-policies?per_page=100", ep), &out); err != nil {
				if err := rc.classify(err, rc.full+": branch policies of environment "+env.Name, needEnvironments); err != nil {
					return err
				}
			}
			for _, p := range out.BranchPolicies {
				if p.Type == "tag" {
					env.BranchPatterns = append(env.BranchPatterns, "tag:"+p.Name)
				} else {
					env.BranchPatterns = append(env.BranchPatterns, p.Name)
				}
			}
		}
		// Custom deployment protection rules (app gates) are read for
		// production-like environments without required reviewers: there
		// they decide whether the environment is gated at all.
		if env.Production && len(env.RequiredReviewers) == 0 {
			var out struct {
				Rules []struct {
					Enabled bool `json:"enabled"`
					App     struct {
						Slug string `json:"slug"`
					} `json:"app"`
				} `json:"custom_deployment_protection_rules"`
			}
			if _, err := rc.get(ctx, rc.path("environments/%s/deployment_protection_rules", ep), &out); err != nil {
				if err := rc.classify(err, rc.full+": custom protection rules of environment "+env.Name, needEnvironments); err != nil {
					return err
				}
			}
			for _, r := range out.Rules {
				if r.Enabled {
					env.CustomRules = append(env.CustomRules, r.App.Slug)
					env.Protected = true
				}
			}
		}
		err := rc.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
			var ss gh.Secrets
			resp, err := rc.get(ctx, rc.path("environments/%s/secrets?per_page=%d&page=%d", ep, o.PerPage, o.Page), &ss)
			for _, s := range ss.Secrets {
				repo.Credentials = append(repo.Credentials, secretCredential(scanner.ActionsSecret, scanner.ScopeEnvironment, env.Name, s))
			}
			return resp, err
		})
		if err := rc.classify(err, rc.full+": secrets of environment "+env.Name, needEnvironments+" and the Secrets read permission"); err != nil {
			return err
		}
		repo.Environments = append(repo.Environments, env)
	}
	return nil
}

// toEnvironment maps GitHub's environment and its protection rules.
func toEnvironment(e *gh.Environment) scanner.Environment {
	env := scanner.Environment{Name: e.GetName(), BranchPolicy: "any"}
	env.Production = productionName(env.Name)
	for _, r := range e.ProtectionRules {
		switch r.GetType() {
		case "required_reviewers":
			for _, rv := range r.Reviewers {
				switch v := rv.Reviewer.(type) {
				case *gh.Team:
					env.RequiredReviewers = append(env.RequiredReviewers, "team:"+v.GetSlug())
				case *gh.User:
					env.RequiredReviewers = append(env.RequiredReviewers, "user:"+v.GetLogin())
				}
			}
			if len(env.RequiredReviewers) > 0 {
				env.RequiredApprovals = 1
			}
			env.PreventSelfReview = r.GetPreventSelfReview()
		case "wait_timer":
			env.WaitTimer = r.GetWaitTimer()
		}
	}
	if p := e.DeploymentBranchPolicy; p != nil {
		switch {
		case p.GetProtectedBranches():
			env.BranchPolicy = "protected"
		case p.GetCustomBranchPolicies():
			env.BranchPolicy = "custom"
		}
	}
	env.Protected = len(env.RequiredReviewers) > 0 || env.WaitTimer > 0 || env.BranchPolicy != "any"
	return env
}

// productionName says whether an environment name means production.
func productionName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"prod", "live", "release", "publish"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "npm" || n == "pypi"
}
