package analysis

import (
	"fmt"
	"github.com/privgraph/privgraph/scanner"
	"path"
	"strings"
)

// computeExposure fills, for every credential, the jobs that need it, the
// jobs that can read it under the platform's scoping rules, and why that is
// more than needed.
func (s *snapshot) computeExposure() {
	for _, ci := range s.creds {
		ci.scopeAssumed = ci.c.Scope == "UNKNOWN" && isStoredSecret(ci)
		ci.needing = map[int]*jobInfo{}
		for _, u := range ci.usages {
			ci.needing[u.job.j.ID] = u.job
		}
		ci.exposed = map[int]*jobInfo{}
		for _, r := range s.reposReaching(ci) {
			for _, j := range r.jobs {
				if s.canRead(ci, j) {
					ci.exposed[j.j.ID] = j
				}
			}
		}
	}
	s.propagateInherit()
	for _, ci := range s.creds {
		ci.reposReached = s.reposReaching(ci)
		ci.untrusted = untrustedReaders(ci)
		ci.reasons = s.overScopeReasons(ci)
	}
}

// reposReaching lists the repositories whose jobs the credential's storage
// scope reaches.
func (s *snapshot) reposReaching(ci *credInfo) []*repoInfo {
	c := ci.c
	switch {
	case !isStoredSecret(ci) && c.Kind != "GITHUB_TOKEN":
		return nil
	case c.Scope == "INSTANCE":
		return s.repos
	case c.Scope == "OWNER":
		return s.ownerRepos(ci)
	case ci.repo != nil:
		return []*repoInfo{ci.repo}
	case c.Scope == "UNKNOWN":
		return usingRepos(ci)
	}
	return nil
}

// isStoredSecret is true for credentials pipelines read by name.
func isStoredSecret(ci *credInfo) bool {
	switch ci.c.Kind {
	case "ACTIONS_SECRET", "DEPENDABOT_SECRET", "CI_VARIABLE", "JENKINS_CREDENTIAL":
		return true
	}
	return false
}

// ownerRepos applies an organization secret's visibility (GitHub) or a
// group variable's inheritance by subgroups (GitLab).
func (s *snapshot) ownerRepos(ci *credInfo) []*repoInfo {
	if ci.owner == nil {
		return nil
	}
	owners := s.descendants(ci.owner.ID)
	var out []*repoInfo
	for _, r := range s.repos {
		if r.owner == nil || !owners[r.owner.ID] {
			continue
		}
		if ci.owner.Platform == "GITHUB" && !visibleTo(ci, r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// visibleTo applies an organization secret's visibility to a repository.
func visibleTo(ci *credInfo, r *repoInfo) bool {
	switch ci.c.Visibility {
	case "private":
		return r.r.Visibility != "public"
	case "selected":
		for _, sel := range ci.c.SelectedRepositories {
			if sel == r.r.FullName || sel == path.Base(r.r.FullName) {
				return true
			}
		}
		return false
	}
	return true
}

// descendants returns the owner and its subgroups, by id.
func (s *snapshot) descendants(id int) map[int]bool {
	out := map[int]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, o := range s.owners {
			if out[o.ID] || o.ParentKey == "" {
				continue
			}
			for pid := range out {
				if s.ownerByID[pid].Key == o.ParentKey {
					out[o.ID], changed = true, true
					break
				}
			}
		}
	}
	return out
}

func usingRepos(ci *credInfo) []*repoInfo {
	seen := map[*repoInfo]bool{}
	var out []*repoInfo
	for _, u := range ci.usages {
		if !seen[u.job.repo] {
			seen[u.job.repo] = true
			out = append(out, u.job.repo)
		}
	}
	return out
}

// canRead applies environment scoping to one job of a reached repository.
//
// GitLab's `protected` does not narrow the jobs: a protected variable is
// passed to every job of every pipeline that runs on a protected branch or
// tag, and a job with no rules (Job.protected_refs_only false) runs there
// too. It keeps the variable from pipelines of unprotected branches, whose
// code any Developer can write (see protectedReach and the over-scope
// reasons). A job would be left out only if it never ran on a protected ref
// (say, merge-request pipelines only); the workflow engine does not report
// that yet, so no job is.
func (s *snapshot) canRead(ci *credInfo, j *jobInfo) bool {
	c := ci.c
	if c.Scope == "ENVIRONMENT" && c.Kind != "CI_VARIABLE" {
		if ci.env == nil {
			return false
		}
		if j.env != nil {
			return j.env == ci.env
		}
		return isExpression(j.j.EnvironmentName) || equalFold(j.j.EnvironmentName, ci.env.e.Name)
	}
	if c.Kind == "CI_VARIABLE" && c.EnvironmentScope != "" && c.EnvironmentScope != "*" {
		return matchEnvScope(c.EnvironmentScope, j.j.EnvironmentName)
	}
	return true
}

func isExpression(s string) bool { return strings.Contains(s, "${{") || strings.Contains(s, "$") }

// matchEnvScope applies a GitLab environment_scope (wildcards allowed) to a
// job's environment name; a name built from variables matches when its
// literal prefix can.
func matchEnvScope(scope, name string) bool {
	if name == "" {
		return false
	}
	if i := strings.Index(name, "$"); i >= 0 {
		prefix := name[:i]
		lit := scope
		if k := strings.Index(scope, "*"); k >= 0 {
			lit = scope[:k]
		}
		return strings.HasPrefix(prefix, lit) || strings.HasPrefix(lit, prefix)
	}
	return scanner.WildcardMatch(scope, name)
}

// propagateInherit hands every secret a caller job can read to the jobs of
// the workflow it calls with `secrets: inherit`.
func (s *snapshot) propagateInherit() {
	for _, ci := range s.creds {
		if !isStoredSecret(ci) {
			continue
		}
		for _, j := range sortedJobs(ci.exposed) {
			if !j.j.SecretsInherit || j.callee == nil {
				continue
			}
			for _, cj := range j.callee.jobs {
				ci.exposed[cj.j.ID] = cj
			}
		}
	}
}

// untrustedReaders lists jobs that read the credential while running
// outsiders' code.
func untrustedReaders(ci *credInfo) []*jobInfo {
	var out []*jobInfo
	for _, j := range sortedJobs(ci.exposed) {
		reads := ci.needing[j.j.ID] != nil || j.j.SecretsWholeContext ||
			(ci.c.Kind == "GITHUB_TOKEN" && j.tokenLevel() == "write")
		if reads && j.runsOutsideCode() {
			out = append(out, j)
		}
	}
	return out
}

func (s *snapshot) overScopeReasons(ci *credInfo) []string {
	var out []string
	// every job has its own GITHUB_TOKEN: its reach is judged by permissions below
	if extra := beyondNeed(ci); len(extra) > 0 && !inputOnly(ci) && ci.c.Kind != "GITHUB_TOKEN" {
		where := ""
		if protectedVariable(ci) {
			where = " in pipelines of protected branches and tags, where every job receives it"
		}
		out = append(out, fmt.Sprintf("readable by %d job(s) that never reference it (stages %s)%s: %s",
			len(extra), join(sortStages(stagesOfList(extra))), where, jobNames(extra, 5)))
	}
	if unused := unusedRepos(ci); len(unused) > 0 && ci.c.Scope != "UNKNOWN" {
		out = append(out, fmt.Sprintf("reaches %d repositories that never reference it: %s", len(unused), repoNames(unused, 5)))
	}
	if c := ci.c; c.Kind == "CI_VARIABLE" && c.Scope != "UNKNOWN" && !c.Protected {
		if st := stagesOf(ci.needing); st["DEPLOY"] || st["STAGE"] {
			out = append(out, "not protected: pipelines of unprotected branches can read it too")
		}
	}
	if len(ci.untrusted) > 0 {
		out = append(out, "read by jobs that run pull-request code under "+join(ci.untrusted[0].untrustedTriggers())+": "+jobNames(ci.untrusted, 5))
	}
	if ci.c.Kind == "GITHUB_TOKEN" {
		for _, j := range sortedJobs(ci.exposed) {
			if ex := excessWrites(j); len(ex) > 0 {
				out = append(out, fmt.Sprintf("job `%s` (%s) holds %s beyond what its steps need", j.j.Name, j.where(), join(ex)))
			}
		}
	}
	return append(out, tokenReasons(ci)...)
}

// inputOnly is true when every reference is in a reusable workflow that only
// workflow_call starts: there `secrets.X` is an input, and what reaches it is
// decided by the callers (judged on their side).
func inputOnly(ci *credInfo) bool {
	if len(ci.usages) == 0 || !isStoredSecret(ci) {
		return false
	}
	for _, u := range ci.usages {
		if !calleeOnly(u.job.pipe) {
			return false
		}
	}
	return true
}

func calleeOnly(p *pipeInfo) bool {
	if !p.p.Reusable && !(len(p.p.Triggers) == 1 && p.p.Triggers[0] == "workflow_call") {
		return false
	}
	for _, t := range p.p.Triggers {
		if t != "workflow_call" {
			return false
		}
	}
	return true
}

// beyondNeed lists the exposed jobs that never reference the credential.
func beyondNeed(ci *credInfo) []*jobInfo {
	var out []*jobInfo
	for _, j := range sortedJobs(ci.exposed) {
		if ci.needing[j.j.ID] == nil {
			out = append(out, j)
		}
	}
	return out
}

func stagesOfList(jobs []*jobInfo) map[string]bool {
	out := map[string]bool{}
	for _, j := range jobs {
		out[string(j.j.Stage)] = true
	}
	return out
}

// unusedRepos lists reached repositories none of whose jobs reference the credential.
func unusedRepos(ci *credInfo) []*repoInfo {
	using := map[*repoInfo]bool{}
	for _, u := range ci.usages {
		using[u.job.repo] = true
	}
	var out []*repoInfo
	for _, r := range ci.reposReached {
		if !using[r] && len(r.jobs) > 0 {
			out = append(out, r)
		}
	}
	return out
}

func repoNames(rs []*repoInfo, max int) string {
	var parts []string
	for i, r := range rs {
		if i == max {
			parts = append(parts, "and "+itoa(len(rs)-max)+" more")
			break
		}
		parts = append(parts, r.r.FullName)
	}
	return join(parts)
}

// protectedVariable is true for a GitLab variable marked protected: only
// pipelines of protected branches and tags receive it.
func protectedVariable(ci *credInfo) bool {
	return ci.c.Kind == "CI_VARIABLE" && ci.c.Scope != "UNKNOWN" && ci.c.Protected
}

// unprotectedRefJobs lists the jobs needing the credential that can run on
// unprotected branches (Job.protected_refs_only false): a protected variable
// is empty there.
func unprotectedRefJobs(ci *credInfo) []*jobInfo {
	var out []*jobInfo
	for _, j := range sortedJobs(ci.needing) {
		if !j.j.ProtectedRefsOnly {
			out = append(out, j)
		}
	}
	return out
}
