package analysis

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/privgraph/privgraph/ent"
)

// Severities, most severe first (the Finding.severity enum).
const (
	Critical = "CRITICAL"
	High     = "HIGH"
	Medium   = "MEDIUM"
	Low      = "LOW"
	Info     = "INFO"
)

var severityRank = map[string]int{Critical: 0, High: 1, Medium: 2, Low: 3, Info: 4}

// SeverityAtLeast reports whether sev is as severe as min or more (both
// case-insensitive names; an unknown min matches nothing).
func SeverityAtLeast(sev, min string) bool {
	s, ok1 := severityRank[upper(sev)]
	m, ok2 := severityRank[upper(min)]
	return ok1 && ok2 && s <= m
}

// candidate is one finding a rule produced in this run.
type candidate struct {
	rule, severity, title, detail string
	evidence, file                string
	line                          int
	remediation                   string
	// subject is the stable key of what the finding is about (job, credential,
	// environment, repository or owner key); evidenceKey tells apart two
	// findings of one rule on one subject.
	subject, evidenceKey string
	scopeAssumed         bool
	repo                 *repoInfo
	cred                 *credInfo
	job                  *jobInfo
	env                  *envInfo
	owner                *ent.Owner
}

// fingerprint is the finding's stable identity: rule, subject and evidence
// key, never database ids.
func (c *candidate) fingerprint() string {
	h := sha256.New()
	for _, p := range []string{c.rule, c.subject, c.evidenceKey} {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ownerOf picks the owner the finding belongs to.
func (c *candidate) ownerOf() *ent.Owner {
	switch {
	case c.owner != nil:
		return c.owner
	case c.repo != nil && c.repo.owner != nil:
		return c.repo.owner
	case c.job != nil:
		return c.job.repo.owner
	case c.env != nil:
		return c.env.repo.owner
	case c.cred != nil:
		return c.cred.owner
	}
	return nil
}

// forJob fills a candidate's subject and evidence from a job.
func forJob(rule, sev string, j *jobInfo) candidate {
	return candidate{
		rule: rule, severity: sev, subject: j.j.Key, job: j, repo: j.repo, env: j.env,
		file: j.file(), line: j.j.Line, evidence: j.where() + " job `" + j.j.Name + "`",
	}
}

// forCred fills a candidate's subject from a credential.
func forCred(rule, sev string, ci *credInfo) candidate {
	c := candidate{rule: rule, severity: sev, subject: ci.c.Key, cred: ci, repo: ci.repo, env: ci.env, scopeAssumed: ci.scopeAssumed}
	c.evidence = credEvidence(ci)
	if ci.c.Scope == "UNKNOWN" && len(ci.usages) > 0 {
		u := ci.usages[0].u
		c.file, c.line = u.File, u.Line
		if c.repo == nil {
			c.repo = ci.usages[0].job.repo
		}
	}
	return c
}

// credEvidence says where the credential is stored, as the platform names it.
func credEvidence(ci *credInfo) string {
	c := ci.c
	switch {
	case c.Scope == "ENVIRONMENT" && ci.env != nil:
		return string(c.Kind) + " `" + c.Name + "` of environment `" + ci.env.e.Name + "` in " + ci.env.repo.r.FullName
	case c.Scope == "REPOSITORY" && ci.repo != nil:
		return string(c.Kind) + " `" + c.Name + "` of " + ci.repo.r.FullName
	case c.Scope == "OWNER" && ci.owner != nil:
		return string(c.Kind) + " `" + c.Name + "` of " + ci.owner.Name
	case c.Scope == "UNKNOWN" && len(ci.usages) > 0:
		u := ci.usages[0].u
		return "`" + c.Name + "` referenced at " + u.File + ":" + itoa(u.Line) + " (scope unknown)"
	}
	return string(c.Kind) + " `" + c.Name + "`"
}
