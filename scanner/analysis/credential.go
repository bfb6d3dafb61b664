package analysis

import (
	"context"
	"fmt"
	"slices"

	"github.com/privgraph/privgraph/ent"
)

// markReuse flags credentials whose value (by fingerprint) is stored under
// another name or in another place. Fingerprints never leave this function.
func (s *snapshot) markReuse() {
	groups := map[string][]*credInfo{}
	for _, ci := range s.creds {
		if fp := ci.c.ValueFingerprint; fp != "" {
			groups[fp] = append(groups[fp], ci)
		}
	}
	for _, g := range groups {
		if len(g) < 2 {
			continue
		}
		for _, ci := range g {
			for _, other := range g {
				if other != ci {
					ci.sameValue = append(ci.sameValue, other)
				}
			}
		}
	}
}

// credentialUpdate is what analysis stores on a credential.
type credentialUpdate struct {
	neededBy, exposedTo, reasons []string
	overScoped, assumed, reused  bool
	cloudKey, personal           bool
}

func (s *snapshot) credentialState(ci *credInfo) credentialUpdate {
	return credentialUpdate{
		neededBy:   sortStages(stagesOf(ci.needing)),
		exposedTo:  sortStages(stagesOf(ci.exposed)),
		reasons:    ci.reasons,
		overScoped: len(ci.reasons) > 0,
		assumed:    ci.scopeAssumed,
		reused:     len(ci.sameValue) > 0,
		cloudKey:   isStaticCloudKey(ci),
		personal:   isPersonalToken(ci),
	}
}

// persistCredentials stores exposure vs need on every credential, writing
// only what changed, and returns how many are over-scoped.
func persistCredentials(ctx context.Context, tx *ent.Tx, s *snapshot) (int, error) {
	over := 0
	for _, ci := range s.creds {
		st := s.credentialState(ci)
		if st.overScoped {
			over++
		}
		c := ci.c
		u := tx.Credential.UpdateOne(c)
		dirty := false
		if !slices.Equal(c.NeededBy, st.neededBy) || !slices.Equal(c.ExposedTo, st.exposedTo) ||
			!slices.Equal(c.OverScopeReasons, st.reasons) || c.OverScoped != st.overScoped ||
			c.ScopeAssumed != st.assumed || c.ValueReused != st.reused ||
			c.StaticCloudKey != st.cloudKey || c.PersonalToken != st.personal {
			u.SetNeededBy(st.neededBy).SetExposedTo(st.exposedTo).SetOverScopeReasons(st.reasons).
				SetOverScoped(st.overScoped).SetScopeAssumed(st.assumed).SetValueReused(st.reused).
				SetStaticCloudKey(st.cloudKey).SetPersonalToken(st.personal)
			dirty = true
		}
		if dirty {
			if err := u.Exec(ctx); err != nil {
				return 0, fmt.Errorf("store exposure of credential %s: %w", c.Name, err)
			}
		}
		if err := storeExposedJobs(ctx, tx, c, ci.exposed); err != nil {
			return 0, err
		}
	}
	return over, nil
}

// storeExposedJobs brings the credential's exposed_jobs edges to want, in
// chunks that stay under the databases' bind-parameter limits.
func storeExposedJobs(ctx context.Context, tx *ent.Tx, c *ent.Credential, want map[int]*jobInfo) error {
	add, remove := edgeDiff(c.Edges.ExposedJobs, want)
	for len(add) > 0 || len(remove) > 0 {
		na, nr := min(len(add), edgeChunk), min(len(remove), edgeChunk)
		err := tx.Credential.UpdateOneID(c.ID).AddExposedJobIDs(add[:na]...).RemoveExposedJobIDs(remove[:nr]...).Exec(ctx)
		if err != nil {
			return fmt.Errorf("store jobs that can read credential %s: %w", c.Name, err)
		}
		add, remove = add[na:], remove[nr:]
	}
	return nil
}

const edgeChunk = 4000

func edgeDiff(have []*ent.Job, want map[int]*jobInfo) (add, remove []int) {
	had := map[int]bool{}
	for _, j := range have {
		had[j.ID] = true
		if want[j.ID] == nil {
			remove = append(remove, j.ID)
		}
	}
	for id := range want {
		if !had[id] {
			add = append(add, id)
		}
	}
	slices.Sort(add)
	slices.Sort(remove)
	return add, remove
}
