package analysis

import (
	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/schema"
)

// releaseRepo is a repository with a CI workflow (build, test) and a release
// workflow whose deploy job runs in environment production.
func releaseRepo(f *fixture, name string) (r *repoInfo, build, deploy *jobInfo) {
	r = f.repo(name)
	f.env(r, "production", func(e *ent.Environment) {
		e.Production, e.Protected, e.RequiredReviewers = true, true, []string{"acme/release"}
	})
	ci := f.pipeline(r, ".github/workflows/ci.yml", "push", "pull_request")
	build = f.job(ci, "build", "BUILD")
	f.job(ci, "test", "TEST")
	deploy = f.job(f.pipeline(r, ".github/workflows/release.yml", "push"), "deploy", "DEPLOY", onEnv("production"))
	return r, build, deploy
}

func withCodeOwners(r *repoInfo, path string, rules ...schema.CodeOwnersRule) {
	r.r.Edges.CodeOwners = append(r.r.Edges.CodeOwners, &ent.CodeOwners{Key: r.r.Key + "|co:" + path, Path: path, Rules: rules})
}
