package analysis

import (
	"sort"
	"strconv"
	"strings"
)

// stageOrder is the pipeline order of DESIGN.md.
var stageOrder = map[string]int{"BUILD": 0, "TEST": 1, "SIGN": 2, "STAGE": 3, "DEPLOY": 4, "UNKNOWN": 5}

// sortStages returns the distinct stages in pipeline order.
func sortStages(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return stageOrder[out[i]] < stageOrder[out[j]] })
	return out
}

func stagesOf(jobs map[int]*jobInfo) map[string]bool {
	out := map[string]bool{}
	for _, j := range jobs {
		out[string(j.j.Stage)] = true
	}
	return out
}

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// sortedJobs returns jobs ordered by repository, file and line.
func sortedJobs(m map[int]*jobInfo) []*jobInfo {
	out := make([]*jobInfo, 0, len(m))
	for _, j := range m {
		out = append(out, j)
	}
	sort.Slice(out, func(a, b int) bool { return jobLess(out[a], out[b]) })
	return out
}

func jobLess(a, b *jobInfo) bool {
	if a.repo.r.FullName != b.repo.r.FullName {
		return a.repo.r.FullName < b.repo.r.FullName
	}
	if a.pipe.p.Path != b.pipe.p.Path {
		return a.pipe.p.Path < b.pipe.p.Path
	}
	if a.j.Line != b.j.Line {
		return a.j.Line < b.j.Line
	}
	return a.j.Key < b.j.Key
}

// jobNames lists up to max jobs as `name` (file:line), then "and N more".
func jobNames(jobs []*jobInfo, max int) string {
	var parts []string
	for i, j := range jobs {
		if i == max {
			parts = append(parts, "and "+itoa(len(jobs)-max)+" more")
			break
		}
		parts = append(parts, "`"+j.j.Name+"` ("+j.where()+")")
	}
	return strings.Join(parts, ", ")
}

func (j *jobInfo) where() string {
	if j.j.Line > 0 {
		return j.file() + ":" + itoa(j.j.Line)
	}
	return j.file()
}

// file is the file the job is defined in: an included file, or the pipeline.
func (j *jobInfo) file() string {
	if j.j.File != "" {
		return j.j.File
	}
	return j.pipe.p.Path
}

func (j *jobInfo) label() string { return j.repo.r.FullName + " " + j.pipe.p.Path + " job " + j.j.Name }

func itoa(n int) string { return strconv.Itoa(n) }

// repoOwnerLogin returns the owner part of owner/name ("" when absent). A
// local folder named owner__name (how mirrors and the corpus lay out
// checkouts) is read the same way.
func repoOwnerLogin(fullName string) string {
	if i := strings.Index(fullName, "/"); i > 0 {
		return fullName[:i]
	}
	if i := strings.Index(fullName, "__"); i > 0 {
		return fullName[:i]
	}
	return ""
}

func join(xs []string) string { return strings.Join(xs, ", ") }

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = "`" + x + "`"
	}
	return out
}

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

func cut(p string) (string, string, bool) { return strings.Cut(p, ":") }
