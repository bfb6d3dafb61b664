package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"
	"golang.org/x/sync/errgroup"

	"github.com/privgraph/privgraph/scanner"
)

// Permissions the scan needs, as sentences for coverage gaps: fine-grained
// permission first, classic PAT scope in parentheses.
const (
	needOrgAdminRead   = "the organization Administration read permission (classic: read:org)"
	needOrgSecrets     = "the organization Secrets read permission (classic: admin:org)"
	needOrgDependabot  = "the organization Dependabot secrets read permission (classic: admin:org)"
	needOrgVariables   = "the organization Variables read permission (classic: admin:org)"
	needOrgRunners     = "the organization Self-hosted runners read permission (classic: admin:org)"
	needMembers        = "the organization Members read permission (classic: read:org)"
	needRepoSecrets    = "the repository Secrets read permission (classic: repo)"
	needRepoDependabot = "the repository Dependabot secrets read permission (classic: repo)"
	needRepoAdmin      = "the repository Administration read permission (classic: repo)"
	needRepoActions    = "the repository Actions read permission (classic: repo)"
	needEnvironments   = "the repository Environments read permission (classic: repo)"
	needContents       = "the repository Contents read permission (classic: repo)"
	needMetadata       = "the repository Metadata read permission (classic: repo)"
	needInstallations  = "a classic token of an organization owner (read:org): only such tokens list an installation's repositories"
)

// readOrg reads the organization itself: it checks the credentials and the
// organization's existence, and the token's scopes.
func (st *scan) readOrg(ctx context.Context) error {
	o, resp, err := st.client.Organizations.Get(ctx, st.org)
	if err != nil {
		var er *gh.ErrorResponse
		if errors.As(err, &er) && er.Response != nil {
			switch er.Response.StatusCode {
			case http.StatusUnauthorized:
				return ErrBadCredentials
			case http.StatusNotFound:
				return fmt.Errorf("organization %q not found, or not visible to this token: check --org and the token's organization access", st.org)
			}
		}
		if cerr := st.classify(err, "organization "+st.org, needOrgAdminRead); cerr != nil {
			return cerr
		}
		// Without the organization nothing else can be trusted: fail.
		return errors.New(st.lastGap())
	}
	st.facts.Owner = scanner.Owner{Name: o.GetLogin(), URL: o.GetHTMLURL()}
	st.facts.Target = o.GetLogin()
	st.org = o.GetLogin()
	st.readTokenScopes(resp)
	return nil
}

// readTokenScopes records the token's scopes: X-OAuth-Scopes for classic
// tokens, the installation's permissions for an app; fine-grained tokens
// report none (their gaps say what they lack).
func (st *scan) readTokenScopes(resp *gh.Response) {
	if st.app != nil {
		perms := st.app.permissions()
		for _, k := range sortedKeys(perms) {
			st.facts.TokenScopes = append(st.facts.TokenScopes, k+":"+perms[k])
			if perms[k] == "write" || perms[k] == "admin" {
				st.facts.TokenCanWrite = true
			}
		}
		return
	}
	if resp == nil {
		return
	}
	raw, ok := resp.Header["X-Oauth-Scopes"]
	if !ok {
		return
	}
	for _, v := range raw {
		for _, sc := range strings.Split(v, ",") {
			if sc = strings.TrimSpace(sc); sc != "" {
				st.facts.TokenScopes = append(st.facts.TokenScopes, sc)
				if scopeCanWrite(sc) {
					st.facts.TokenCanWrite = true
				}
			}
		}
	}
}

// scopeCanWrite reports a classic scope that grants writes: every scope
// but read:* ones and user:email.
func scopeCanWrite(sc string) bool {
	return !strings.HasPrefix(sc, "read:") && sc != "user:email"
}

// readOrgResources reads the organization-level resources in parallel.
func (st *scan) readOrgResources(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(st.opts.Concurrency)
	var (
		creds  [4][]scanner.Credential
		idents []scanner.Identity
		groups []scanner.RunnerGroup
		teams  []scanner.Team
	)
	g.Go(func() error { return st.readActionsPermissions(ctx) })
	g.Go(func() error { return st.readWorkflowDefaults(ctx) })
	g.Go(func() (err error) { creds[0], err = st.readOrgSecrets(ctx, "actions"); return })
	g.Go(func() (err error) { creds[1], err = st.readOrgSecrets(ctx, "dependabot"); return })
	g.Go(func() error { return st.readOrgVariables(ctx) })
	g.Go(func() (err error) { idents, creds[2], err = st.readInstallations(ctx); return })
	g.Go(func() (err error) { groups, err = st.readRunnerGroups(ctx); return })
	g.Go(func() (err error) { teams, err = st.readTeams(ctx); return })
	if err := g.Wait(); err != nil {
		return err
	}
	for _, c := range creds {
		st.facts.Credentials = append(st.facts.Credentials, c...)
	}
	st.facts.Identities = idents
	st.facts.RunnerGroups = append(st.facts.RunnerGroups, groups...)
	st.facts.Teams = teams
	return nil
}

// list pages through a go-github list call to the end, 100 per page.
func (st *scan) list(ctx context.Context, call func(opts *gh.ListOptions) (*gh.Response, error)) error {
	opts := &gh.ListOptions{PerPage: 100}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		resp, err := call(opts)
		if err != nil {
			return decodeErr(err)
		}
		if resp == nil || resp.NextPage == 0 {
			return nil
		}
		opts.Page = resp.NextPage
	}
}

// decodeErr marks JSON decoding failures so that they become gaps.
func decodeErr(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	if errors.As(err, &se) || errors.As(err, &te) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &jsonError{err: err}
	}
	return err
}

// get fetches one REST path (relative to the API root) into v.
func (st *scan) get(ctx context.Context, path string, v any) (*gh.Response, error) {
	req, err := st.client.NewRequest(http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := st.client.Do(ctx, req, v)
	return resp, decodeErr(err)
}

// readActionsPermissions reads which actions repositories may use.
func (st *scan) readActionsPermissions(ctx context.Context) error {
	p, _, err := st.client.Actions.GetActionsPermissions(ctx, st.org)
	if err != nil {
		return st.classify(decodeErr(err), "organization Actions permissions", needOrgAdminRead)
	}
	st.mu.Lock()
	st.facts.Owner.AllowedActions = p.GetAllowedActions()
	st.mu.Unlock()
	policy := p.GetEnabledRepositories()
	enabled := map[string]bool{}
	if policy == "selected" {
		err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
			rs, resp, err := st.client.Actions.ListEnabledReposInOrg(ctx, st.org, o)
			if rs != nil {
				for _, r := range rs.Repositories {
					enabled[strings.ToLower(r.GetName())] = true
				}
			}
			return resp, err
		})
		if err != nil {
			policy = ""
			if cerr := st.classify(err, "repositories enabled for Actions", needOrgAdminRead); cerr != nil {
				return cerr
			}
		}
	}
	st.mu.Lock()
	st.enabledPolicy, st.enabledRepos = policy, enabled
	st.mu.Unlock()
	return nil
}

// orgActionsPolicy sets the repository's Actions policy from the
// organization's: enabled for all, none or the selected repositories, with
// the organization's allowed actions. It leaves both unknown when the
// organization's policy was not read. The organization's resources are read
// before any repository, so the policy is known here.
func (st *scan) orgActionsPolicy(r *scanner.Repository) {
	st.mu.Lock()
	policy, selected, allowed := st.enabledPolicy, st.enabledRepos, st.facts.Owner.AllowedActions
	st.mu.Unlock()
	var on bool
	switch policy {
	case "all":
		on = true
	case "selected":
		name := r.FullName[strings.LastIndexByte(r.FullName, '/')+1:]
		on = selected[strings.ToLower(name)]
	case "none":
	default:
		return // unknown
	}
	r.ActionsEnabled = &on
	if on {
		r.AllowedActions = allowed
	}
}

// readWorkflowDefaults reads the default GITHUB_TOKEN permission and
// whether Actions may approve pull requests.
func (st *scan) readWorkflowDefaults(ctx context.Context) error {
	p, _, err := st.client.Actions.GetDefaultWorkflowPermissionsInOrganization(ctx, st.org)
	if err != nil {
		return st.classify(decodeErr(err), "organization default workflow permissions", needOrgAdminRead)
	}
	st.mu.Lock()
	st.orgWorkflowDefault = p.GetDefaultWorkflowPermissions()
	st.facts.Owner.DefaultWorkflowPermissions = st.orgWorkflowDefault
	v := p.GetCanApprovePullRequestReviews()
	st.orgCanApprove = &v
	st.facts.Owner.CanApprovePullRequests = &v
	st.mu.Unlock()
	return nil
}

// readOrgSecrets reads organization Actions or Dependabot secrets and the
// repositories of those visible to selected ones.
func (st *scan) readOrgSecrets(ctx context.Context, kind string) ([]scanner.Credential, error) {
	what, need, ck := "organization Actions secrets", needOrgSecrets, scanner.ActionsSecret
	svcList := st.client.Actions.ListOrgSecrets
	svcRepos := st.client.Actions.ListSelectedReposForOrgSecret
	if kind == "dependabot" {
		what, need, ck = "organization Dependabot secrets", needOrgDependabot, scanner.DependabotSecret
		svcList = st.client.Dependabot.ListOrgSecrets
		svcRepos = st.client.Dependabot.ListSelectedReposForOrgSecret
	}
	var out []scanner.Credential
	err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		ss, resp, err := svcList(ctx, st.org, o)
		if ss != nil {
			for _, s := range ss.Secrets {
				out = append(out, secretCredential(ck, scanner.ScopeOwner, "", s))
			}
		}
		return resp, err
	})
	st.unread(err, "credentials", "")
	if err := st.classify(err, what, need); err != nil || out == nil {
		return out, err
	}
	for i := range out {
		c := &out[i]
		if c.Visibility != "selected" {
			continue
		}
		name := c.Name
		err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
			rs, resp, err := svcRepos(ctx, st.org, name, o)
			if rs != nil {
				for _, r := range rs.Repositories {
					c.SelectedRepositories = append(c.SelectedRepositories, r.GetFullName())
				}
			}
			return resp, err
		})
		if err := st.classify(err, fmt.Sprintf("repositories of %s %s", what[:len(what)-1], name), need); err != nil {
			return nil, err
		}
		sort.Strings(c.SelectedRepositories)
	}
	return out, nil
}

func secretCredential(kind scanner.CredentialKind, scope scanner.Scope, env string, s *gh.Secret) scanner.Credential {
	c := scanner.Credential{Kind: kind, Name: s.Name, Scope: scope, Environment: env, Visibility: s.Visibility,
		StaticCloudKey: looksLikeStaticCloudKey(s.Name), PersonalToken: looksLikePersonalToken(s.Name), Active: true}
	if t := s.CreatedAt.GetTime(); t != nil && !t.IsZero() {
		tt := t.UTC()
		c.CreatedAt = &tt
	}
	if t := s.UpdatedAt.GetTime(); t != nil && !t.IsZero() {
		tt := t.UTC()
		c.UpdatedAt = &tt
	}
	return c
}

// readOrgVariables records the names and visibility of the organization's
// Actions variables on the owner (NAME:visibility). They are configuration,
// not credentials; their values are dropped where the response is decoded.
func (st *scan) readOrgVariables(ctx context.Context) error {
	var names []string
	err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		vs, resp, err := st.client.Actions.ListOrgVariables(ctx, st.org, o)
		if vs != nil {
			for _, v := range vs.Variables {
				names = append(names, bounded(v.Name, 255)+":"+v.GetVisibility())
			}
		}
		return resp, err
	})
	sort.Strings(names)
	st.mu.Lock()
	st.facts.Owner.Variables = names
	st.mu.Unlock()
	return st.classify(err, "organization Actions variables", needOrgVariables)
}

// readInstallations reads the GitHub Apps installed on the organization:
// an Identity each, and an APP_INSTALLATION credential.
func (st *scan) readInstallations(ctx context.Context) ([]scanner.Identity, []scanner.Credential, error) {
	var ins []*gh.Installation
	err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		is, resp, err := st.client.Organizations.ListInstallations(ctx, st.org, o)
		if is != nil {
			ins = append(ins, is.Installations...)
		}
		return resp, err
	})
	st.unread(err, "identities", "")
	st.unread(err, "credentials", "")
	if err := st.classify(err, "GitHub App installations", needOrgAdminRead); err != nil {
		return nil, nil, err
	}
	var idents []scanner.Identity
	var creds []scanner.Credential
	for _, in := range ins {
		slug := in.GetAppSlug()
		if slug == "" {
			slug = fmt.Sprintf("app-%d", in.GetAppID())
		}
		perms := installationPermissions(in.GetPermissions())
		id := scanner.Identity{Kind: "GITHUB_APP", Name: slug, RepositorySelection: in.GetRepositorySelection()}
		for _, k := range sortedKeys(perms) {
			id.Permissions = append(id.Permissions, k+":"+perms[k])
			if perms[k] == "write" || perms[k] == "admin" {
				id.CanWrite = true
			}
		}
		if id.RepositorySelection == "selected" {
			insID := in.GetID()
			err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
				var out struct {
					Repositories []*gh.Repository `json:"repositories"`
				}
				resp, err := st.get(ctx, fmt.Sprintf("user/installations/%d/repositories?per_page=%d&page=%d", insID, o.PerPage, o.Page), &out)
				for _, r := range out.Repositories {
					id.Repositories = append(id.Repositories, r.GetFullName())
				}
				return resp, err
			})
			if err := st.classify(err, "repositories of the "+slug+" app installation", needInstallations); err != nil {
				return nil, nil, err
			}
			sort.Strings(id.Repositories)
		}
		idents = append(idents, id)
		creds = append(creds, scanner.Credential{
			Kind: scanner.AppInstallation, Name: slug, Scope: scanner.ScopeOwner, Identity: slug,
			Visibility: id.RepositorySelection, SelectedRepositories: id.Repositories, Permissions: id.Permissions,
			ReadOnly: !id.CanWrite, Active: true, ID: fmt.Sprint(in.GetID()),
			CreatedAt: tsPtr(in.CreatedAt), UpdatedAt: tsPtr(in.UpdatedAt),
		})
	}
	return idents, creds, nil
}

func tsPtr(t *gh.Timestamp) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	v := t.UTC()
	return &v
}

// installationPermissions flattens go-github's permission struct.
func installationPermissions(p *gh.InstallationPermissions) map[string]string {
	out := map[string]string{}
	if p == nil {
		return out
	}
	b, _ := json.Marshal(p)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for k, v := range m {
		if s, ok := v.(string); ok && s != "" {
			out[k] = s
		}
	}
	return out
}

// readRunnerGroups reads organization runner groups, their repositories
// and runners.
func (st *scan) readRunnerGroups(ctx context.Context) ([]scanner.RunnerGroup, error) {
	var groups []*gh.RunnerGroup
	err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		gs, resp, err := st.client.Actions.ListOrganizationRunnerGroups(ctx, st.org, &gh.ListOrgRunnerGroupOptions{ListOptions: *o})
		if gs != nil {
			groups = append(groups, gs.RunnerGroups...)
		}
		return resp, err
	})
	st.unread(err, "runners", "")
	if err := st.classify(err, "self-hosted runner groups", needOrgRunners); err != nil {
		return nil, err
	}
	var out []scanner.RunnerGroup
	for _, g := range groups {
		rg := scanner.RunnerGroup{Name: g.GetName(), Level: "organization", Visibility: g.GetVisibility(),
			AllowsPublicRepositories: g.GetAllowsPublicRepositories(), SelectedWorkflows: g.SelectedWorkflows}
		if !g.GetRestrictedToWorkflows() {
			rg.SelectedWorkflows = nil
		}
		gid := g.GetID()
		if rg.Visibility == "selected" {
			err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
				rs, resp, err := st.client.Actions.ListRepositoryAccessRunnerGroup(ctx, st.org, gid, o)
				if rs != nil {
					for _, r := range rs.Repositories {
						rg.SelectedRepositories = append(rg.SelectedRepositories, r.GetFullName())
					}
				}
				return resp, err
			})
			if err := st.classify(err, "repositories of runner group "+rg.Name, needOrgRunners); err != nil {
				return nil, err
			}
			sort.Strings(rg.SelectedRepositories)
		}
		err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
			rs, resp, err := st.client.Actions.ListRunnerGroupRunners(ctx, st.org, gid, o)
			if rs != nil {
				for _, r := range rs.Runners {
					rg.Runners = append(rg.Runners, toRunner(r))
				}
			}
			return resp, err
		})
		if err := st.classify(err, "runners of runner group "+rg.Name, needOrgRunners); err != nil {
			return nil, err
		}
		rg.Labels = unionLabels(rg.Runners)
		out = append(out, rg)
	}
	return out, nil
}

func toRunner(r *gh.Runner) scanner.Runner {
	out := scanner.Runner{Name: r.GetName(), Status: r.GetStatus(), OS: r.GetOS()}
	for _, l := range r.Labels {
		out.Labels = append(out.Labels, l.GetName())
	}
	return out
}

func unionLabels(rs []scanner.Runner) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rs {
		for _, l := range r.Labels {
			if !seen[l] {
				seen[l] = true
				out = append(out, l)
			}
		}
	}
	sort.Strings(out)
	return out
}

// readTeams reads teams and the repositories each can access.
func (st *scan) readTeams(ctx context.Context) ([]scanner.Team, error) {
	var teams []*gh.Team
	err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		ts, resp, err := st.client.Teams.ListTeams(ctx, st.org, o)
		teams = append(teams, ts...)
		return resp, err
	})
	st.unread(err, "teams", "")
	if err := st.classify(err, "teams", needMembers); err != nil {
		return nil, err
	}
	out := make([]scanner.Team, 0, len(teams))
	for _, t := range teams {
		team := scanner.Team{Name: t.GetName(), Slug: t.GetSlug(), RepositoryPermissions: map[string]string{}}
		err := st.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
			rs, resp, err := st.client.Teams.ListTeamReposBySlug(ctx, st.org, t.GetSlug(), o)
			for _, r := range rs {
				team.RepositoryPermissions[r.GetFullName()] = repoPermission(r)
			}
			return resp, err
		})
		if err := st.classify(err, "repositories of team "+t.GetSlug(), needMembers); err != nil {
			return nil, err
		}
		out = append(out, team)
	}
	return out, nil
}

// repoPermission is the team's role on a repository: role_name when given,
// else the highest permission flag.
func repoPermission(r *gh.Repository) string {
	if n := r.GetRoleName(); n != "" {
		return n
	}
	p := r.GetPermissions()
	for _, k := range []string{"admin", "maintain", "push", "triage", "pull"} {
		if p[k] {
			return k
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
