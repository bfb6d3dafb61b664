package analysis

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/credential"
	"github.com/privgraph/privgraph/ent/job"
	"github.com/privgraph/privgraph/ent/owner"
	"github.com/privgraph/privgraph/ent/pipeline"
	"github.com/privgraph/privgraph/ent/repository"
	"github.com/privgraph/privgraph/scanner/workflow"
)

// fixture builds an in-memory snapshot for rule tests, shaped like what
// load produces from the graph.
type fixture struct {
	s  *snapshot
	id int
}

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func newFixture(platform string) *fixture {
	o := &ent.Owner{ID: 1, Key: "owner:acme", Name: "acme", Platform: ownerPlatform(platform)}
	f := &fixture{id: 100, s: &snapshot{
		now: testNow, complete: true, owners: []*ent.Owner{o}, ownerIDs: []int{1},
		ownerByID: map[int]*ent.Owner{1: o}, repoByID: map[int]*repoInfo{}, repoByKey: map[string]*repoInfo{},
		jobByID: map[int]*jobInfo{}, envByID: map[int]*envInfo{},
	}}
	return f
}

func (f *fixture) owner() *ent.Owner { return f.s.owners[0] }

func (f *fixture) next() int { f.id++; return f.id }

func (f *fixture) repo(name string, opts ...func(*ent.Repository)) *repoInfo {
	r := &ent.Repository{ID: f.next(), Key: "repo:" + name, FullName: name, Platform: repository.Platform(f.owner().Platform),
		Visibility: "private", DefaultBranch: "main"}
	for _, o := range opts {
		o(r)
	}
	ri := &repoInfo{r: r, owner: f.owner()}
	f.s.repos = append(f.s.repos, ri)
	f.s.repoByID[r.ID], f.s.repoByKey[name] = ri, ri
	return ri
}

func (f *fixture) pipeline(r *repoInfo, path string, triggers ...string) *pipeInfo {
	kind := pipeline.KindGITHUB_ACTIONS
	if r.r.Platform == "GITLAB" {
		kind = pipeline.KindGITLAB_CI
	}
	p := &ent.Pipeline{ID: f.next(), Key: r.r.Key + ":" + path, Path: path, Kind: kind, Triggers: triggers}
	pi := &pipeInfo{p: p, repo: r}
	r.pipelines = append(r.pipelines, pi)
	r.r.Edges.Pipelines = append(r.r.Edges.Pipelines, p)
	return pi
}

// job adds a job with workflow-level read permissions unless opts change them.
func (f *fixture) job(p *pipeInfo, name, stage string, opts ...func(*ent.Job, *workflow.JobDetail)) *jobInfo {
	j := &ent.Job{ID: f.next(), Key: p.p.Key + "#" + name, Name: name, Line: 10 * (len(p.jobs) + 1), Stage: job.Stage(stage),
		StageReason: "test", Permissions: []string{"contents:read"}, PermissionsSource: "workflow", MinimalPermissions: []string{"contents:read"}}
	ji := &jobInfo{j: j, pipe: p, repo: p.repo}
	for _, o := range opts {
		o(j, &ji.detail)
	}
	if j.EnvironmentName != "" {
		ji.env = p.repo.envNamed(j.EnvironmentName)
	}
	p.jobs = append(p.jobs, ji)
	p.repo.jobs = append(p.repo.jobs, ji)
	f.s.jobs = append(f.s.jobs, ji)
	f.s.jobByID[j.ID] = ji
	return ji
}

func (f *fixture) env(r *repoInfo, name string, opts ...func(*ent.Environment)) *envInfo {
	e := &ent.Environment{ID: f.next(), Key: r.r.Key + ":env:" + name, Name: name}
	for _, o := range opts {
		o(e)
	}
	ei := &envInfo{e: e, repo: r}
	r.envs = append(r.envs, ei)
	r.r.Edges.Environments = append(r.r.Edges.Environments, e)
	f.s.envByID[e.ID] = ei
	return ei
}

// secret adds a credential: repo set -> REPOSITORY scope, env set ->
// ENVIRONMENT, neither -> OWNER, unless opts change the scope.
func (f *fixture) secret(name string, r *repoInfo, e *envInfo, opts ...func(*ent.Credential)) *credInfo {
	c := &ent.Credential{ID: f.next(), Name: name, Kind: credential.KindACTIONS_SECRET, Scope: credential.ScopeOWNER, Active: true}
	if f.owner().Platform == "GITLAB" {
		c.Kind = credential.KindCI_VARIABLE
	}
	ci := &credInfo{c: c, owner: f.owner(), repo: r, env: e}
	switch {
	case e != nil:
		c.Scope, ci.repo = credential.ScopeENVIRONMENT, e.repo
	case r != nil:
		c.Scope = credential.ScopeREPOSITORY
	}
	for _, o := range opts {
		o(c)
	}
	c.Key = fmt.Sprintf("cred:%s:%s", c.Scope, name)
	if ci.repo != nil {
		c.Key += ":" + ci.repo.r.FullName
	}
	f.s.creds = append(f.s.creds, ci)
	return ci
}

func (f *fixture) use(j *jobInfo, c *credInfo, line int) {
	u := &usageInfo{u: &ent.Usage{ID: f.next(), File: j.pipe.p.Path, Line: line, Expression: "${{ secrets." + c.c.Name + " }}", Via: "ENV"}, job: j, cred: c}
	j.usages = append(j.usages, u)
	c.usages = append(c.usages, u)
}

// finish links calls and computes exposure, as load and analyse do.
func (f *fixture) finish() *snapshot {
	f.s.linkCalls()
	f.s.markReuse()
	f.s.computeExposure()
	return f.s
}

func ownerPlatform(p string) owner.Platform { return owner.Platform(p) }

// got renders candidates as "SEVERITY evidence" lines, sorted.
func got(cs []candidate) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.severity+" "+c.evidence)
	}
	sort.Strings(out)
	return out
}

type ruleCase struct {
	name  string
	build func(f *fixture)
	want  []string
	// remedy maps a want line to substrings its remediation must contain;
	// notRemedy lists substrings no remediation of the case may contain.
	remedy    map[string][]string
	notRemedy []string
}

// runRuleCases runs one rule's check over each case's fixture.
func runRuleCases(t *testing.T, platform string, check func(*snapshot) []candidate, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(platform)
			tc.build(f)
			cands := check(f.finish())
			for _, c := range cands {
				if c.title == "" || c.remediation == "" || c.evidence == "" {
					t.Errorf("candidate %q lacks title, evidence or remediation: %+v", c.evidence, c)
				}
			}
			if diff := cmp.Diff(tc.want, got(cands)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			checkRemedies(t, cands, tc.remedy, tc.notRemedy)
		})
	}
}

// job options
func onEnv(name string) func(*ent.Job, *workflow.JobDetail) {
	return func(j *ent.Job, _ *workflow.JobDetail) { j.EnvironmentName = name }
}

func perms(source string, pairs ...string) func(*ent.Job, *workflow.JobDetail) {
	return func(j *ent.Job, _ *workflow.JobDetail) { j.PermissionsSource, j.Permissions = source, pairs }
}

func needs(pairs ...string) func(*ent.Job, *workflow.JobDetail) {
	return func(j *ent.Job, _ *workflow.JobDetail) { j.MinimalPermissions = append([]string{}, pairs...) }
}

func steps(st ...workflow.Step) func(*ent.Job, *workflow.JobDetail) {
	return func(_ *ent.Job, d *workflow.JobDetail) { d.Steps = append(d.Steps, st...) }
}

func with(fn func(*ent.Job)) func(*ent.Job, *workflow.JobDetail) {
	return func(j *ent.Job, _ *workflow.JobDetail) { fn(j) }
}

func checkoutPRHead(line int) workflow.Step {
	return workflow.Step{Line: line, Uses: "actions/checkout", Ref: "v4", With: map[string]string{"ref": "${{ github.event.pull_request.head.sha }}"}}
}

// checkRemedies asserts the remediation text of each candidate named in remedy
// (by its "SEVERITY evidence" line) and that none contains a notRemedy string.
func checkRemedies(t *testing.T, cands []candidate, remedy map[string][]string, notRemedy []string) {
	t.Helper()
	byLine := map[string]string{}
	for _, c := range cands {
		byLine[c.severity+" "+c.evidence] = c.remediation
		for _, bad := range notRemedy {
			if strings.Contains(c.remediation, bad) {
				t.Errorf("remediation of %q contains %q:\n%s", c.evidence, bad, c.remediation)
			}
		}
	}
	for line, subs := range remedy {
		text, ok := byLine[line]
		if !ok {
			t.Errorf("no finding %q to check the remediation of", line)
			continue
		}
		for _, sub := range subs {
			if !strings.Contains(text, sub) {
				t.Errorf("remediation of %q lacks %q:\n%s", line, sub, text)
			}
		}
	}
}
