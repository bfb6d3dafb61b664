package gitlab

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"

	gl "gitlab.com/gitlab-org/api/client-go"

	"github.com/privgraph/privgraph/scanner"
)

type apiUser struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	IsAdmin  bool   `json:"is_admin"`
}

type apiGroup struct {
	ID       int64  `json:"id"`
	FullPath string `json:"full_path"`
	WebURL   string `json:"web_url"`
	ParentID int64  `json:"parent_id"`
}

type apiMember struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	State       string `json:"state"`
	AccessLevel int    `json:"access_level"`
}

// whoami checks the token (a 401 ends the scan here) and reads its scopes.
func (r *scan) whoami(ctx context.Context) (apiUser, error) {
	var me apiUser
	if _, err := r.get(ctx, "user", nil, &me); err != nil {
		if status, ok := isGap(err); ok {
			return me, fmt.Errorf("GitLab answered %d for GET /user: the token cannot read its own user; use a personal, group or project access token with the read_api scope", status)
		}
		return me, err
	}
	var self struct {
		Scopes []string `json:"scopes"`
	}
	_, err := r.get(ctx, "personal_access_tokens/self", nil, &self)
	switch {
	case err == nil:
		r.facts.TokenScopes = self.Scopes
		r.facts.TokenCanWrite = slices.Contains(self.Scopes, "api") || slices.Contains(self.Scopes, "write_repository")
	default:
		if status, ok := isGap(err); ok {
			r.gaps.note(fmt.Sprintf("The scan token's own scopes could not be read (GitLab answered %d for GET /personal_access_tokens/self, which GitLab 16.0 and later serve).", status))
		} else {
			return me, err
		}
	}
	return me, nil
}

// topGroup reads the target group; its absence ends the scan.
func (r *scan) topGroup(ctx context.Context) (apiGroup, error) {
	var g apiGroup
	q := url.Values{"with_projects": {"false"}}
	_, err := r.get(ctx, "groups/"+gl.PathEscape(r.group), q, &g)
	if status, ok := isGap(err); ok {
		return g, fmt.Errorf("GitLab answered %d for group %q: it does not exist or the token cannot see it; check --group (the full path, e.g. acme/platform) and that the token's user is a member", status, r.group)
	}
	if err != nil {
		return g, err
	}
	if g.FullPath == "" {
		g.FullPath = r.group
	}
	return g, nil
}

// subgroups lists every group below top.
func (r *scan) subgroups(ctx context.Context, top apiGroup) ([]apiGroup, error) {
	q := url.Values{"order_by": {"name"}, "sort": {"asc"}}
	subs, err := listKeyset[apiGroup](ctx, r, "groups/"+pid(top.ID)+"/descendant_groups", q)
	if status, ok := isGap(err); ok {
		r.gaps.add(resSubgroups, status, top.FullPath, "")
		return nil, nil
	}
	return subs, err
}

func toOwner(g apiGroup, parent string) scanner.Owner {
	return scanner.Owner{Name: g.FullPath, URL: g.WebURL, ParentName: parent}
}

// scanGroups reads each group's own credentials, runners and members.
func (r *scan) scanGroups(ctx context.Context, groups []apiGroup) error {
	return forEach(ctx, r.s.opts.Concurrency, groups, func(ctx context.Context, g apiGroup) error {
		owner := g.FullPath
		if owner == r.facts.Owner.Name {
			owner = ""
		}
		steps := []func(context.Context, apiGroup, string) error{
			// members first: a group access token acts as a bot member
			r.groupMembers, r.groupVariables, r.groupAccessTokens, r.groupDeployTokens, r.groupRunners, r.groupProtectedEnvironments,
		}
		for _, step := range steps {
			if err := step(ctx, g, owner); err != nil {
				return err
			}
		}
		return nil
	})
}

// soft turns a 403/404 on a group-level resource into a gap and returns
// other errors.
func (r *scan) soft(err error, res resource, group string) error {
	if status, ok := isGap(err); ok {
		r.gaps.add(res, status, group, "")
		return nil
	}
	return err
}

// softRepo is soft for a resource of project repo.
func (r *scan) softRepo(err error, res resource, repo string) error {
	if status, ok := isGap(err); ok {
		r.gaps.add(res, status, repo, repo)
		return nil
	}
	return err
}

func (r *scan) addCredentials(cs ...scanner.Credential) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.facts.Credentials = append(r.facts.Credentials, cs...)
}

func (r *scan) groupVariables(ctx context.Context, g apiGroup, owner string) error {
	vars, err := r.listVariables(ctx, "groups/"+pid(g.ID)+"/variables")
	if err != nil {
		return r.soft(err, resVariables, g.FullPath)
	}
	for _, v := range vars {
		r.addCredentials(toVariableCredential(v, scanner.ScopeOwner, owner))
	}
	return nil
}

func (r *scan) groupAccessTokens(ctx context.Context, g apiGroup, owner string) error {
	toks, err := listAll[apiAccessToken](ctx, r, "groups/"+pid(g.ID)+"/access_tokens", nil)
	if err != nil {
		return r.soft(err, resAccessTokens, g.FullPath)
	}
	for _, t := range toks {
		c := toAccessToken(t, scanner.GroupAccessToken, scanner.ScopeOwner)
		c.OwnerName = owner
		r.mu.Lock()
		c.Identity = r.bots[t.UserID]
		r.mu.Unlock()
		r.addCredentials(c)
	}
	return nil
}

func (r *scan) groupDeployTokens(ctx context.Context, g apiGroup, owner string) error {
	toks, err := listAll[apiDeployToken](ctx, r, "groups/"+pid(g.ID)+"/deploy_tokens", nil)
	if err != nil {
		return r.soft(err, resDeployTokens, g.FullPath)
	}
	for _, t := range toks {
		c := toDeployToken(t, scanner.ScopeOwner)
		c.OwnerName = owner
		r.addCredentials(c)
	}
	return nil
}

var (
	botName            = regexp.MustCompile(`^(group|project)_\d+_bot(_[0-9a-f]+)?$`)
	serviceAccountName = regexp.MustCompile(`^service_account(_group)?_\d+_[0-9a-f]+$|^service_account_`)
)

// groupMembers keeps the members that are bots (of group and project
// access tokens) or service accounts; people are not recorded.
func (r *scan) groupMembers(ctx context.Context, g apiGroup, _ string) error {
	members, err := listAll[apiMember](ctx, r, "groups/"+pid(g.ID)+"/members", nil)
	if err != nil {
		return r.soft(err, resMembers, g.FullPath)
	}
	for _, m := range members {
		kind := ""
		switch {
		case botName.MatchString(m.Username) && m.Username[0] == 'p':
			kind = "PROJECT_BOT"
		case botName.MatchString(m.Username):
			kind = "BOT"
		case serviceAccountName.MatchString(m.Username):
			kind = "SERVICE_ACCOUNT"
		default:
			continue
		}
		r.mu.Lock()
		if r.bots == nil {
			r.bots = map[int64]string{}
		}
		r.bots[m.ID] = bounded(m.Username, 255)
		r.mu.Unlock()
		r.addIdentity(scanner.Identity{
			Kind: kind, Name: bounded(m.Username, 255),
			Permissions: []string{accessLevelName(m.AccessLevel) + " of " + g.FullPath},
			CanWrite:    m.AccessLevel >= 30,
		})
	}
	return nil
}

// addIdentity records an identity once; a bot that is a member of several
// groups gets one identity with each membership as a permission.
func (r *scan) addIdentity(id scanner.Identity) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.facts.Identities {
		have := &r.facts.Identities[i]
		if have.Kind == id.Kind && have.Name == id.Name {
			have.Permissions = append(have.Permissions, id.Permissions...)
			slices.Sort(have.Permissions)
			have.CanWrite = have.CanWrite || id.CanWrite
			return
		}
	}
	r.facts.Identities = append(r.facts.Identities, id)
}

// instance reads instance variables and runners with an administrator's
// token; otherwise it records why they are missing.
func (r *scan) instance(ctx context.Context, me apiUser) error {
	if !me.IsAdmin {
		r.gaps.note("Instance CI/CD variables and instance runners were not read: the token is not an administrator's. " +
			"They reach every project of the instance; scan with an administrator's token to include them (on gitlab.com only GitLab's own runners are instance runners).")
		r.gaps.mu.Lock()
		r.gaps.unread[scanner.Unread{What: "instance"}] = true
		r.gaps.mu.Unlock()
		return nil
	}
	vars, err := r.listVariables(ctx, "admin/ci/variables")
	if err := r.soft(err, resInstanceVars, "the instance"); err != nil {
		return err
	}
	for _, v := range vars {
		r.addCredentials(toVariableCredential(v, scanner.ScopeInstance, ""))
	}
	runners, err := listAll[apiRunner](ctx, r, "runners/all", url.Values{"type": {"instance_type"}})
	if err := r.soft(err, resInstanceRunner, "the instance"); err != nil {
		return err
	}
	return r.addRunners(ctx, runners, "instance", "")
}

// accessLevelName is GitLab's name of a role.
func accessLevelName(level int) string {
	switch {
	case level >= 60:
		return "admin"
	case level >= 50:
		return "owner"
	case level >= 40:
		return "maintainer"
	case level >= 30:
		return "developer"
	case level >= 20:
		return "reporter"
	case level >= 15:
		return "planner"
	case level >= 10:
		return "guest"
	case level > 0:
		return "minimal"
	}
	return "none"
}
