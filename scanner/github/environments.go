package github

import (
	"context"
	"net/url"
	"strings"

	gh "github.com/google/go-github/v60/github"

	"github.com/privgraph/privgraph/scanner"
)

// readEnvironments reads environments, their protection, branch policies,
// custom rules (for production-like ones without reviewers) and secrets.
func (rc *repoScan) readEnvironments(ctx context.Context, repo *scanner.Repository) error {
	var envs []*gh.Environment
	opts := &gh.EnvironmentListOptions{}
	err := rc.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		opts.ListOptions = *o
		er, resp, err := rc.client.Repositories.ListEnvironments(ctx, rc.owner, rc.name, opts)
		if er != nil {
			envs = append(envs, er.Environments...)
		}
		return resp, err
	})
	rc.unread(err, "environments", rc.full)
	if err := rc.classify(err, rc.full+": environments", needEnvironments); err != nil {
		return err
	}
	for _, e := range envs {
		env := toEnvironment(e)
		steps := []func(context.Context, *scanner.Environment, *scanner.Repository) error{rc.readEnvironmentSecrets}
		if env.BranchPolicy == "custom" {
			steps = append(steps, rc.readBranchPolicies)
		}
		// Custom deployment protection rules (app gates) are read for
		// production-like environments without required reviewers: there
		// they decide whether the environment is gated at all.
		if env.Production && len(env.RequiredReviewers) == 0 {
			steps = append(steps, rc.readCustomRules)
		}
		for _, step := range steps {
			if err := step(ctx, &env, repo); err != nil {
				return err
			}
		}
		repo.Environments = append(repo.Environments, env)
	}
	return nil
}

func (rc *repoScan) readBranchPolicies(ctx context.Context, env *scanner.Environment, _ *scanner.Repository) error {
	var out struct {
		BranchPolicies []struct {
			Name string `json:"name"`
			Type string `json:"type"`
		} `json:"branch_policies"`
	}
	if _, err := rc.get(ctx, rc.path("environments/%s/deployment-branch-policies?per_page=100", url.PathEscape(env.Name)), &out); err != nil {
		return rc.classify(err, rc.full+": branch policies of environment "+env.Name, needEnvironments)
	}
	for _, p := range out.BranchPolicies {
		if p.Type == "tag" {
			env.BranchPatterns = append(env.BranchPatterns, "tag:"+p.Name)
		} else {
			env.BranchPatterns = append(env.BranchPatterns, p.Name)
		}
	}
	return nil
}

func (rc *repoScan) readCustomRules(ctx context.Context, env *scanner.Environment, _ *scanner.Repository) error {
	var out struct {
		Rules []struct {
			Enabled bool `json:"enabled"`
			App     struct {
				Slug string `json:"slug"`
			} `json:"app"`
		} `json:"custom_deployment_protection_rules"`
	}
	if _, err := rc.get(ctx, rc.path("environments/%s/deployment_protection_rules", url.PathEscape(env.Name)), &out); err != nil {
		return rc.classify(err, rc.full+": custom protection rules of environment "+env.Name, needEnvironments)
	}
	for _, r := range out.Rules {
		if r.Enabled {
			env.CustomRules = append(env.CustomRules, r.App.Slug)
			env.Protected = true
		}
	}
	return nil
}

func (rc *repoScan) readEnvironmentSecrets(ctx context.Context, env *scanner.Environment, repo *scanner.Repository) error {
	err := rc.list(ctx, func(o *gh.ListOptions) (*gh.Response, error) {
		var ss gh.Secrets
		resp, err := rc.get(ctx, rc.path("environments/%s/secrets?per_page=%d&page=%d", url.PathEscape(env.Name), o.PerPage, o.Page), &ss)
		for _, s := range ss.Secrets {
			repo.Credentials = append(repo.Credentials, secretCredential(scanner.ActionsSecret, scanner.ScopeEnvironment, env.Name, s))
		}
		return resp, err
	})
	rc.unread(err, "credentials", rc.full)
	return rc.classify(err, rc.full+": secrets of environment "+env.Name, needEnvironments+" and the Secrets read permission")
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
