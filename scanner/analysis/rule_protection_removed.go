package analysis

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/change"
	"github.com/privgraph/privgraph/ent/owner"
	entscan "github.com/privgraph/privgraph/ent/scan"
)

func ruleProtectionRemoved() rule {
	return rule{
		id: "protection-removed", severity: High, facts: []string{factProtection, factEnvironments, factCodeOwners},
		description: "since a previous scan, a protection, reviewer rule or CODEOWNERS rule was removed (open until restored)",
		check:       checkProtectionRemoved,
	}
}

var guardedEntities = []string{"BranchProtection", "Environment", "CodeOwners"}

// loadChanges reads the REMOVED and MODIFIED changes of guards recorded by
// the scans of the snapshot's owners.
func (s *snapshot) loadChanges(ctx context.Context, tx *ent.Tx) error {
	var err error
	s.changes, err = tx.Change.Query().Where(
		change.HasScanWith(entscan.HasOwnerWith(owner.IDIn(s.ownerIDs...))),
		change.EntityIn(guardedEntities...),
		change.KindIn(change.KindREMOVED, change.KindMODIFIED),
	).Order(ent.Asc(change.FieldCreatedAt), ent.Asc(change.FieldID)).All(ctx)
	if err != nil {
		return fmt.Errorf("read changes: %w", err)
	}
	return nil
}

func checkProtectionRemoved(s *snapshot) []candidate {
	current := s.guardsByKey()
	var out []candidate
	for _, ch := range s.changes {
		before := normalized(ch.Before)
		now, exists := current[ch.Entity+"|"+ch.EntityKey]
		var lost []string
		switch {
		case ch.Kind == change.KindREMOVED && !exists && s.repoOfKey(ch.EntityKey) != nil && (ch.Entity != "Environment" || guarded(before)):
			lost = []string{"removed"}
		case exists:
			lost = weakened(before, now.fields)
		}
		if len(lost) == 0 {
			continue
		}
		c := candidate{severity: High, subject: ch.Entity + "|" + ch.EntityKey, evidenceKey: strings.Join(lost, ","),
			repo: s.repoOfKey(ch.EntityKey), evidence: ch.Entity + " `" + ch.EntityKey + "`: " + join(lost)}
		if exists {
			c.repo, c.env = now.repo, now.env
		}
		c.owner = s.owners[0]
		c.title = ch.Summary
		if c.title == "" {
			c.title = ch.Entity + " " + ch.EntityKey + " lost " + join(lost)
		}
		c.detail = fmt.Sprintf("Seen on %s: %s. Still not restored.", ch.CreatedAt.Format("2006-01-02"), join(lost))
		c.remediation = "Restore it as it was (before: `" + compactJSON(ch.Before) + "`), or accept this finding with the reason the protection was dropped."
		out = append(out, c)
	}
	return out
}

type guard struct {
	fields map[string]any
	repo   *repoInfo
	env    *envInfo
}

// guardsByKey maps "Entity|key" to the current fields of every guard.
func (s *snapshot) guardsByKey() map[string]guard {
	out := map[string]guard{}
	for _, r := range s.repos {
		for _, p := range r.r.Edges.BranchProtections {
			out["BranchProtection|"+p.Key] = guard{fields: fieldsOf(p), repo: r}
		}
		for _, e := range r.envs {
			out["Environment|"+e.e.Key] = guard{fields: fieldsOf(e.e), repo: r, env: e}
		}
		for _, co := range r.r.Edges.CodeOwners {
			out["CodeOwners|"+co.Key] = guard{fields: fieldsOf(co), repo: r}
		}
	}
	return out
}

func (s *snapshot) repoOfKey(key string) *repoInfo {
	var best *repoInfo
	for _, r := range s.repos {
		if strings.HasPrefix(key, r.r.Key) && (best == nil || len(r.r.Key) > len(best.r.Key)) {
			best = r
		}
	}
	return best
}

func fieldsOf(v any) map[string]any {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return normalized(string(b))
}

// normalized decodes a JSON object with keys lower-cased and without
// underscores, so snake_case and camelCase compare equal.
func normalized(s string) map[string]any {
	var m map[string]any
	if json.Unmarshal([]byte(s), &m) != nil {
		return nil
	}
	out := map[string]any{}
	for k, v := range m {
		out[strings.ToLower(strings.ReplaceAll(k, "_", ""))] = v
	}
	return out
}

func guarded(m map[string]any) bool {
	return truthy(m["protected"]) || number(m["requiredapprovals"]) > 0 || length(m["requiredreviewers"]) > 0
}

// weakened compares a guard's fields before a change with their value now.
func weakened(before, now map[string]any) []string {
	var out []string
	for _, f := range []string{"protected", "preventselfreview", "codeownerreview", "enforceadmins", "dismissstale", "requiredsignatures", "coverspipelinedefinitions"} {
		if _, ok := before[f]; ok && truthy(before[f]) && !truthy(now[f]) {
			out = append(out, fieldLabel[f]+" turned off")
		}
	}
	for _, f := range []string{"allowforcepush", "allowdeletions"} {
		if _, ok := before[f]; ok && !truthy(before[f]) && truthy(now[f]) {
			out = append(out, fieldLabel[f]+" turned on")
		}
	}
	if _, ok := before["requiredapprovals"]; ok && number(now["requiredapprovals"]) < number(before["requiredapprovals"]) {
		out = append(out, "required approvals lowered")
	}
	for _, f := range []string{"requiredreviewers", "rules", "statuschecks"} {
		if _, ok := before[f]; ok && length(now[f]) < length(before[f]) {
			out = append(out, fieldLabel[f]+" removed")
		}
	}
	if bp, _ := before["branchpolicy"].(string); bp != "" && bp != "any" && now["branchpolicy"] == "any" {
		out = append(out, "branch policy opened to any branch")
	}
	sort.Strings(out)
	return out
}

// fieldLabel names normalized fields as the graph does.
var fieldLabel = map[string]string{
	"protected": "protected", "preventselfreview": "prevent_self_review", "codeownerreview": "code_owner_review",
	"enforceadmins": "enforce_admins", "dismissstale": "dismiss_stale", "requiredsignatures": "required_signatures",
	"coverspipelinedefinitions": "covers_pipeline_definitions", "allowforcepush": "allow_force_push",
	"allowdeletions": "allow_deletions", "requiredreviewers": "required_reviewers", "rules": "rules", "statuschecks": "status_checks",
}

func truthy(v any) bool { b, _ := v.(bool); return b }

func number(v any) float64 { f, _ := v.(float64); return f }

func length(v any) int { a, _ := v.([]any); return len(a) }

func compactJSON(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
