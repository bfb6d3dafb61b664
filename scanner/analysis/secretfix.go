package analysis

import "strings"

// platformOf says where a credential lives: GITHUB, GITLAB or LOCAL.
func (ci *credInfo) platform() string {
	switch {
	case ci.repo != nil:
		return string(ci.repo.r.Platform)
	case ci.owner != nil:
		return string(ci.owner.Platform)
	case len(ci.usages) > 0:
		return string(ci.usages[0].job.repo.r.Platform)
	}
	return ""
}

// moveToEnvironmentFix says how to store the credential in environment env
// of repository repo instead of where it is.
func moveToEnvironmentFix(ci *credInfo, repo, env string, jobs []*jobInfo) string {
	name := ci.c.Name
	if ci.c.Kind == "CI_VARIABLE" {
		where := "the project"
		api := "`PUT /projects/:id/variables/" + name + "` with `environment_scope=" + env + "`"
		if ci.c.Scope == "OWNER" {
			where, api = "the group", "`PUT /groups/:id/variables/"+name+"` with `environment_scope="+env+"`"
		}
		fix := "Limit `" + name + "` to environment `" + env + "`: in " + where + " open **Settings → CI/CD → Variables**, edit `" +
			name + "` and set *Environment scope* to `" + env + "` (API: " + api + ")."
		if missing := jobsOutside(jobs, env); len(missing) > 0 {
			fix += " Then add `environment: " + env + "` to " + jobNames(missing, 5) + ", which use it outside that environment."
		}
		if ci.c.Protected {
			return fix + " It is *Protected* already, which only keeps it from pipelines of unprotected branches: " +
				"on protected branches and tags every job of the pipeline receives it."
		}
		return fix + " Mark it *Protected* too."
	}
	if ci.c.Kind == "JENKINS_CREDENTIAL" {
		return jenkinsFix(name, jobs)
	}
	var b strings.Builder
	b.WriteString("Move `" + name + "` into environment `" + env + "` of " + repo + ":\n\n")
	b.WriteString("1. **Settings → Environments → " + env + "** (create it if needed: `PUT /repos/" + repo + "/environments/" + env + "`), " +
		"add required reviewers, then *Add environment secret* `" + name + "` " +
		"(API: `PUT /repos/" + repo + "/environments/" + env + "/secrets/" + name + "`).\n")
	if len(jobs) > 0 {
		b.WriteString("2. Make sure the jobs that use it run in that environment: add `environment: " + env + "` to " + jobNames(jobs, 5) + ".\n")
	} else {
		b.WriteString("2. Run the jobs that use it with `environment: " + env + "`.\n")
	}
	b.WriteString("3. Delete the " + scopeWord(ci) + " secret " + deleteAPI(ci, repo) + ".")
	return b.String()
}

func scopeWord(ci *credInfo) string {
	switch ci.c.Scope {
	case "OWNER":
		if ci.platform() == "GITLAB" {
			return "group"
		}
		return "organization"
	case "INSTANCE":
		return "instance"
	case "UNKNOWN":
		return "repository or organization"
	}
	return "repository"
}

func deleteAPI(ci *credInfo, repo string) string {
	if ci.c.Scope == "OWNER" && ci.owner != nil {
		return "(**Organization settings → Secrets and variables → Actions**; API: `DELETE /orgs/" + ci.owner.Name + "/actions/secrets/" + ci.c.Name + "`)"
	}
	return "(**Settings → Secrets and variables → Actions**; API: `DELETE /repos/" + repo + "/actions/secrets/" + ci.c.Name + "`)"
}

// suggestEnvironment names an environment for jobs of the given stages.
func suggestEnvironment(stages []string) string {
	if len(stages) == 1 {
		switch stages[0] {
		case "DEPLOY":
			return "production"
		case "STAGE":
			return "staging"
		case "UNKNOWN":
			return "secrets"
		}
		return strings.ToLower(stages[0])
	}
	return "production"
}

// commonEnvironment returns the one environment every needing job runs in, or "".
func commonEnvironment(jobs []*jobInfo) string {
	env := ""
	for _, j := range jobs {
		name := j.j.EnvironmentName
		if j.env != nil {
			name = j.env.e.Name
		}
		if name == "" || isExpression(name) || (env != "" && !equalFold(env, name)) {
			return ""
		}
		env = name
	}
	return env
}

// jenkinsFix narrows a Jenkins credential: folder scope and one stage.
func jenkinsFix(name string, jobs []*jobInfo) string {
	where := "the stages that use it"
	if len(jobs) > 0 {
		where = jobNames(jobs, 3)
	}
	return "Store `" + name + "` in the credentials domain of this pipeline's folder (**Folder → Credentials → Add**), not globally, " +
		"and bind it only inside " + where + " with `withCredentials([...]) { ... }` rather than a pipeline-wide `environment { X = credentials('" + name + "') }`."
}

// jobsOutside lists the jobs that do not run in environment env (GitLab
// environment names, which environment_scope matches).
func jobsOutside(jobs []*jobInfo, env string) []*jobInfo {
	var out []*jobInfo
	for _, j := range jobs {
		if !matchEnvScope(env, j.j.EnvironmentName) {
			out = append(out, j)
		}
	}
	return out
}
