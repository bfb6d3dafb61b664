package gitlab

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/privgraph/privgraph/scanner"
)

type apiRunner struct {
	ID          int64  `json:"id"`
	Description string `json:"description"`
	RunnerType  string `json:"runner_type"`
	Status      string `json:"status"`
	Paused      bool   `json:"paused"`
}

// runnerDetail is GET /runners/:id, read once per runner per scan.
type runnerDetail struct {
	TagList     []string `json:"tag_list"`
	RunUntagged bool     `json:"run_untagged"`
	Locked      bool     `json:"locked"`
	AccessLevel string   `json:"access_level"`
	Platform    string   `json:"platform"`
	Projects    []struct {
		PathWithNamespace string `json:"path_with_namespace"`
	} `json:"projects"`
	Groups []struct {
		FullPath string `json:"full_path"`
	} `json:"groups"`
	read bool
}

// errSeen says a runner was already recorded by this scan.
var errSeen = errors.New("runner already recorded")

// maxRunnerProjects bounds the projects named per runner.
const maxRunnerProjects = 500

func (r *scan) groupRunners(ctx context.Context, g apiGroup, _ string) error {
	runners, err := listAll[apiRunner](ctx, r, "groups/"+pid(g.ID)+"/runners", url.Values{"type": {"group_type"}})
	if err != nil {
		return r.soft(err, resRunners, g.FullPath)
	}
	return r.addRunners(ctx, runners, "group", g.FullPath)
}

// addRunners reads each runner's detail (once per scan) and records it as
// a runner group of one runner.
func (r *scan) addRunners(ctx context.Context, runners []apiRunner, level, subject string) error {
	for _, ru := range runners {
		d, err := r.runnerDetail(ctx, ru.ID)
		if errors.Is(err, errSeen) {
			continue
		}
		if err != nil {
			if err := r.soft(err, resRunners, fmt.Sprintf("runner #%d", ru.ID)); err != nil {
				return err
			}
		}
		rg := toRunnerGroup(ru, d, level, subject)
		r.mu.Lock()
		r.facts.RunnerGroups = append(r.facts.RunnerGroups, rg)
		r.mu.Unlock()
	}
	return nil
}

// runnerDetail returns the detail of runner id; a runner shared by many
// projects is read once. Only the first caller of an id fetches it.
func (r *scan) runnerDetail(ctx context.Context, id int64) (*runnerDetail, error) {
	r.mu.Lock()
	d, ok := r.runners[id]
	if !ok {
		d = &runnerDetail{}
		r.runners[id] = d
	}
	r.mu.Unlock()
	if ok {
		return nil, errSeen
	}
	if _, err := r.get(ctx, "runners/"+pid(id), nil, d); err != nil {
		return d, err
	}
	d.read = true
	return d, nil
}

func toRunnerGroup(ru apiRunner, d *runnerDetail, level, subject string) scanner.RunnerGroup {
	name := bounded(ru.Description, 200)
	if name == "" {
		name = "runner"
	}
	name = fmt.Sprintf("%s (#%d)", name, ru.ID)
	status := ru.Status
	if ru.Paused {
		status = "paused"
	}
	rg := scanner.RunnerGroup{Name: name, Level: level}
	switch level {
	case "instance":
		rg.Visibility, rg.AllowsPublicRepositories = "all", true
	case "group":
		// GitLab lists a group's runners with its ancestors' ones: the
		// runner's own group comes from its detail.
		if d != nil && d.read && len(d.Groups) > 0 && d.Groups[0].FullPath != "" {
			subject = bounded(d.Groups[0].FullPath, 512)
		}
		rg.Visibility = "group " + subject
		rg.OwnerName = subject
	default:
		rg.Visibility = "selected"
	}
	var os string
	if d != nil && d.read {
		rg.ProtectedRefsOnly = d.AccessLevel == "ref_protected"
		rg.RunUntagged = d.RunUntagged
		rg.Locked = d.Locked
		rg.Labels = boundedAll(d.TagList)
		os = bounded(d.Platform, 64)
		for i, p := range d.Projects {
			if i == maxRunnerProjects {
				break
			}
			rg.SelectedRepositories = append(rg.SelectedRepositories, bounded(p.PathWithNamespace, 512))
		}
	}
	rg.Runners = []scanner.Runner{{Name: name, Labels: rg.Labels, Status: bounded(status, 32), OS: os}}
	return rg
}
