package analysis

import (
	"sort"
	"strings"
)

func ruleSelfHostedRunnerSharedWithUntrusted() rule {
	return rule{
		id: "self-hosted-runner-shared-with-untrusted", severity: High, facts: []string{factPipelines, factRunners},
		description: "a self-hosted runner (labels or group) serves both PR/fork-triggered jobs and DEPLOY/STAGE jobs, or public repositories",
		check:       checkRunnerShared,
	}
}

func checkRunnerShared(s *snapshot) []candidate {
	type pool struct{ untrusted, deploy, public []*jobInfo }
	pools := map[string]*pool{}
	for _, j := range s.jobs {
		if !j.j.SelfHosted {
			continue
		}
		key := runnerKey(j)
		p := pools[key]
		if p == nil {
			p = &pool{}
			pools[key] = p
		}
		fork := forkTriggered(j)
		if fork {
			p.untrusted = append(p.untrusted, j)
		}
		if j.j.Stage == "DEPLOY" || j.j.Stage == "STAGE" {
			p.deploy = append(p.deploy, j)
		}
		if fork && j.repo.r.Visibility == "public" {
			p.public = append(p.public, j)
		}
	}
	keys := make([]string, 0, len(pools))
	for k := range pools {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []candidate
	for _, k := range keys {
		p := pools[k]
		if len(p.untrusted) == 0 || len(p.deploy) == 0 && len(p.public) == 0 {
			continue
		}
		out = append(out, runnerCandidate(s, k, p.untrusted, p.deploy, p.public))
	}
	return append(out, publicRunnerGroups(s)...)
}

// runnerKey identifies a runner pool by its sorted labels, per owner.
func runnerKey(j *jobInfo) string {
	labels := append([]string(nil), j.j.RunnerLabels...)
	sort.Strings(labels)
	owner := ""
	if j.repo.owner != nil {
		owner = j.repo.owner.Key
	}
	return owner + "|" + strings.Join(labels, ",")
}

func forkTriggered(j *jobInfo) bool {
	for _, t := range j.pipe.p.Triggers {
		if forkTriggers[t] {
			return true
		}
	}
	return false
}

func runnerCandidate(s *snapshot, key string, untrusted, deploy, public []*jobInfo) candidate {
	_, labels, _ := strings.Cut(key, "|")
	first := untrusted[0]
	c := candidate{severity: High, subject: key, repo: first.repo, job: first, file: first.file(), line: first.j.Line}
	c.owner = first.repo.owner
	c.evidence = "runs-on `" + labels + "` at " + first.where()
	if len(deploy) > 0 {
		c.title = "Self-hosted runners `" + labels + "` run pull-request jobs and deploy jobs"
		c.detail = "Pull-request jobs: " + jobNames(untrusted, 4) + ". Deploy jobs: " + jobNames(deploy, 4) +
			". Code from a pull request can persist on the machine and read what the next deploy job holds."
	} else {
		c.title = "Self-hosted runners `" + labels + "` run pull requests of public repositories"
		c.detail = "Anyone can open a pull request on " + public[0].repo.r.FullName + " and run code on these machines: " + jobNames(public, 4) + "."
	}
	c.remediation = "Give deploy jobs their own runner group, limited to the repositories and workflows that deploy " +
		"(**Organization settings → Actions → Runner groups → Repository access / Workflow access**; API: `PATCH /orgs/{org}/actions/runner-groups/{id}` " +
		"with `restricted_to_workflows: true` and `selected_workflows`). Run pull-request jobs on GitHub-hosted or ephemeral runners " +
		"(`--ephemeral`), and clear *Allow public repositories* on the group."
	return c
}

func publicRunnerGroups(s *snapshot) []candidate {
	var out []candidate
	for _, g := range s.runners {
		if !g.AllowsPublicRepositories {
			continue
		}
		c := candidate{severity: High, subject: g.Key, evidence: "runner group `" + g.Name + "`: allows_public_repositories = true"}
		if g.Edges.Owner != nil {
			c.owner = s.ownerByID[g.Edges.Owner.ID]
		}
		c.title = "Runner group `" + g.Name + "` accepts jobs from public repositories"
		c.detail = "Forks of a public repository can run pull-request code on these self-hosted machines."
		c.remediation = "**Organization settings → Actions → Runner groups → " + g.Name + "**: clear *Allow public repositories* " +
			"(API: `PATCH /orgs/{org}/actions/runner-groups/{id}` with `allows_public_repositories: false`)."
		out = append(out, c)
	}
	return out
}
