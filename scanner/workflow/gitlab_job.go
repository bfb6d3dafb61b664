package workflow

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// job builds one GitLab job from its layers: default:, extends, its own.
func (gp *glParser) job(key string, es []glEntry) Job {
	last := es[len(es)-1]
	j := Job{Key: key, Name: key, Line: line(last.keyN)}
	if last.src != gp.main {
		j.File = last.src.path
	}
	j.Detail.Triggers = gp.p.Triggers
	own, chain := gp.layers(key, 0, nil)
	j.Detail.Extends = chain
	view := glJobView{gp: gp, layers: own}
	inheritDefault, inheritVars := gp.inherit(view)
	if inheritDefault {
		view.layers = append(gp.defaults(), own...)
	}
	j.Detail.GitLabStage = "test" // GitLab's default
	stageV, explicit := view.get("stage")
	stageAt := ""
	if explicit {
		j.Detail.GitLabStage = str(stageV.n)
		stageAt = fmt.Sprintf("%s:%d", stageV.src.path, line(stageV.n))
	}
	gp.jobEnvironment(&j, view)
	gp.jobRules(&j, view)
	gp.jobRunner(&j, view)
	gp.jobRefs(&j, view, inheritVars)
	gp.jobSteps(&j, view)
	if v, ok := view.get("needs"); ok {
		for _, it := range v.src.items(v.n) {
			if s, ok := scalar(it); ok {
				j.Needs = append(j.Needs, s)
			} else if s := str(v.src.get(it, "job")); s != "" {
				j.Needs = append(j.Needs, s)
			}
		}
	}
	file := j.File
	if file == "" {
		file = gp.main.path
	}
	envAt := ""
	if ev, ok := view.get("environment"); ok {
		envAt = fmt.Sprintf("%s:%d", ev.src.path, line(ev.n))
	}
	j.Stage, j.StageReason = classifyGitLab(&j, file, envAt, explicit, stageAt)
	return j
}

// inherit reads inherit: default / variables (true, false or a list; a list
// inherits only some keys, which we treat as inheriting).
func (gp *glParser) inherit(v glJobView) (bool, bool) {
	in, ok := v.get("inherit")
	if !ok {
		return true, true
	}
	d, vars := true, true
	if n := in.src.get(in.n, "default"); n != nil && str(n) == "false" {
		d = false
	}
	if n := in.src.get(in.n, "variables"); n != nil && str(n) == "false" {
		vars = false
	}
	return d, vars
}

// jobEnvironment reads environment: name or {name, action, url}.
func (gp *glParser) jobEnvironment(j *Job, v glJobView) {
	env, ok := v.get("environment")
	if !ok {
		return
	}
	if s, ok := scalar(env.n); ok {
		j.Environment = s
		return
	}
	// A mapping is deep-merged with the templates' (name from one, action
	// from another).
	for _, kv := range v.merged("environment") {
		switch kv.key {
		case "name":
			j.Environment = str(kv.value)
		case "action":
			j.Detail.EnvironmentAction = str(kv.value)
		case "deployment_tier":
			j.Detail.DeploymentTier = str(kv.value)
		}
	}
}

// jobRunner reads tags, image, services, id_tokens, secrets and trigger.
func (gp *glParser) jobRunner(j *Job, v glJobView) {
	if t, ok := v.get("tags"); ok {
		j.RunsOn = t.src.strList(t.n)
		j.SelfHosted = glSelfHosted(j.RunsOn)
	}
	if img, ok := v.get("image"); ok {
		j.Detail.Services = append(j.Detail.Services, glImage(img))
	}
	if svcs, ok := v.get("services"); ok {
		for _, it := range svcs.src.items(svcs.n) {
			j.Detail.Services = append(j.Detail.Services, glImage(glValue{n: it, src: svcs.src}))
		}
	}
	for _, kv := range v.merged("id_tokens") {
		j.Detail.IDTokens = append(j.Detail.IDTokens, kv.key)
	}
	j.OIDC = len(j.Detail.IDTokens) > 0
	if tr, ok := v.get("trigger"); ok {
		if s, ok := scalar(tr.n); ok {
			j.Calls = s
		} else if p := str(tr.src.get(tr.n, "project")); p != "" {
			j.Calls = p
		} else if inc := tr.src.get(tr.n, "include"); inc != nil {
			j.Calls = strings.Join(glIncludeNames(tr.src, inc), ",")
			gp.childPipelines(j, tr)
		}
	}
}

func glIncludeNames(src *source, n *yaml.Node) []string {
	if s, ok := scalar(n); ok {
		return []string{s}
	}
	var out []string
	for _, it := range src.items(n) {
		for _, k := range []string{"local", "project", "artifact", "template", "component", "remote"} {
			if s := str(src.get(it, k)); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func glImage(v glValue) string {
	if s, ok := scalar(v.n); ok {
		return s
	}
	return str(v.src.get(v.n, "name"))
}

// glSelfHosted reports runner tags that do not name GitLab.com's hosted
// runners (saas-*).
func glSelfHosted(tags []string) bool {
	for _, t := range tags {
		if !strings.HasPrefix(t, "saas-") && !strings.HasPrefix(t, "$") {
			return true
		}
	}
	return false
}

// jobSteps records the job's scripts as steps (one per script key).
func (gp *glParser) jobSteps(j *Job, v glJobView) {
	for _, k := range []string{"before_script", "script", "after_script"} {
		val, ok := v.get(k)
		if !ok {
			continue
		}
		var b strings.Builder
		for _, l := range gp.lines(val, 0) {
			if b.Len() > maxRun {
				break
			}
			b.WriteString(l.n.Value)
			b.WriteByte('\n')
		}
		st := Step{Name: k, Line: line(val.n), Run: clip(b.String(), maxRun)}
		if val.src != gp.main {
			st.File = val.src.path
		}
		j.Detail.Steps = append(j.Detail.Steps, st)
	}
}

// jobRules decides manual and protected-refs-only from when, rules, only
// and except.
func (gp *glParser) jobRules(j *Job, v glJobView) {
	if w, ok := v.get("when"); ok && str(w.n) == "manual" {
		j.Manual = true
	}
	if r, ok := v.get("rules"); ok {
		manual, protected := glRules(r)
		j.Manual = j.Manual || manual
		j.ProtectedRefsOnly = protected
		return
	}
	if o, ok := v.get("only"); ok {
		j.ProtectedRefsOnly = glOnlyProtected(o)
	}
}

// glRules: a job is manual when a rule makes it so; it runs only on
// protected refs when every rule that can run it requires a tag, the
// default branch or a protected ref.
func glRules(r glValue) (manual, protected bool) {
	runs := 0
	protectedRuns := 0
	for _, rule := range r.src.items(r.n) {
		when := str(r.src.get(rule, "when"))
		if when == "manual" {
			manual = true
		}
		if when == "never" {
			continue
		}
		runs++
		if glProtectedCond(str(r.src.get(rule, "if"))) {
			protectedRuns++
		}
	}
	return manual, runs > 0 && runs == protectedRuns
}

// glProtectedCond reports an if: that holds only on tags, the default
// branch or protected refs (and no || that would widen it).
func glProtectedCond(cond string) bool {
	if cond == "" || strings.Contains(cond, "||") {
		return false
	}
	c := strings.ReplaceAll(cond, " ", "")
	for _, p := range []string{"$CI_COMMIT_TAG", "$CI_COMMIT_BRANCH==$CI_DEFAULT_BRANCH", "$CI_COMMIT_REF_NAME==$CI_DEFAULT_BRANCH", `$CI_COMMIT_REF_PROTECTED=="true"`, "$CI_COMMIT_REF_PROTECTED=='true'", `$CI_COMMIT_BRANCH=="main"`, `$CI_COMMIT_BRANCH=="master"`} {
		if strings.Contains(c, p) && !strings.Contains(c, p+"==null") && !strings.Contains(c, "!"+p) {
			return true
		}
	}
	return false
}

// glOnlyProtected reports only: lists naming tags or the main branches only.
func glOnlyProtected(o glValue) bool {
	refs := o.src.strList(o.n)
	if len(refs) == 0 {
		refs = o.src.strList(o.src.get(o.n, "refs"))
	}
	if len(refs) == 0 {
		return false
	}
	for _, r := range refs {
		if !slices.Contains([]string{"tags", "main", "master", "/^v\\d+/"}, r) {
			return false
		}
	}
	return true
}
