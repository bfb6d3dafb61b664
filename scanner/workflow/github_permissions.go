package workflow

import (
	"maps"
	"slices"

	"gopkg.in/yaml.v3"
)

// tokenScopes are the GITHUB_TOKEN permission scopes a workflow can set.
var tokenScopes = []string{"actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues", "models", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses"}

// TokenScopes returns the GITHUB_TOKEN permission scopes a workflow can set.
func TokenScopes() []string { return slices.Clone(tokenScopes) }

// Sources of a job's effective permissions.
const (
	PermissionsFromJob      = "job"
	PermissionsFromWorkflow = "workflow"
	PermissionsFromDefault  = "default"
	PermissionsUnknown      = "unknown"
)

// permissions reads a permissions block: read-all, write-all, {} or a map.
func (g *ghParser) permissions(n *yaml.Node) *Permissions {
	n = deref(n)
	if n == nil {
		return nil
	}
	if v, ok := scalar(n); ok {
		switch v {
		case "read-all":
			return &Permissions{Raw: v, Scopes: allScopes("read")}
		case "write-all":
			return &Permissions{Raw: v, Scopes: allScopes("write")}
		}
		g.src.errorf(line(n), "permissions must be read-all, write-all or a mapping, got %q", v)
		return nil
	}
	if n.Kind != yaml.MappingNode {
		g.src.errorf(line(n), "permissions must be read-all, write-all or a mapping, got %s", kindName(n))
		return nil
	}
	pairs := g.src.pairs(n)
	if len(pairs) == 0 {
		return &Permissions{Raw: "{}", Scopes: map[string]string{}}
	}
	p := &Permissions{Raw: "map", Scopes: map[string]string{}}
	for _, kv := range pairs {
		v := str(kv.value)
		if !slices.Contains(tokenScopes, kv.key) {
			g.src.errorf(line(kv.keyN), "unknown permission scope %q", kv.key)
		}
		if v != "read" && v != "write" && v != "none" {
			g.src.errorf(line(kv.value), "permission %q must be read, write or none, got %q", kv.key, v)
			continue
		}
		p.Scopes[kv.key] = v
	}
	return p
}

func allScopes(level string) map[string]string {
	out := make(map[string]string, len(tokenScopes))
	for _, s := range tokenScopes {
		out[s] = level
		if s == "id-token" && level == "read" {
			out[s] = "none" // id-token has no read level; read-all leaves it off
		}
	}
	return out
}

// effective returns the scopes a block grants (none dropped).
func effective(p *Permissions) map[string]string {
	out := map[string]string{}
	for k, v := range p.Scopes {
		if v == "read" || v == "write" {
			out[k] = v
		}
	}
	return out
}

// jobPermissions fills the job's effective permissions: job > workflow >
// (unknown) default, and OIDC.
func (g *ghParser) jobPermissions(j *ghJob) {
	switch {
	case j.job.Permissions != nil:
		j.job.Effective, j.job.PermissionsSource = effective(j.job.Permissions), PermissionsFromJob
	case g.p.Permissions != nil:
		j.job.Effective, j.job.PermissionsSource = effective(g.p.Permissions), PermissionsFromWorkflow
	default:
		j.job.PermissionsSource = PermissionsUnknown
	}
	j.job.OIDC = j.job.Effective["id-token"] == "write"
}

// ApplyDefaultPermissions fills Effective for the jobs of p that set no
// permissions (neither job nor workflow), from the repository or
// organization default: "read" (restricted) or "write" (permissive). An
// empty default leaves them unknown.
func ApplyDefaultPermissions(p *Pipeline, repoDefault string) {
	if p.Kind != GitHubActions {
		return
	}
	var def map[string]string
	switch repoDefault {
	case "read", "restricted":
		def = map[string]string{"contents": "read", "packages": "read", "metadata": "read", "models": "read"}
	case "write", "permissive":
		def = allScopes("write")
		def["id-token"] = "none"
		def["models"] = "read"
		def["metadata"] = "read"
		delete(def, "id-token")
	}
	for i := range p.Jobs {
		j := &p.Jobs[i]
		if j.PermissionsSource == PermissionsFromJob || j.PermissionsSource == PermissionsFromWorkflow {
			continue
		}
		if def == nil {
			j.Effective, j.PermissionsSource = nil, PermissionsUnknown
			continue
		}
		j.Effective, j.PermissionsSource = maps.Clone(def), PermissionsFromDefault
	}
}
