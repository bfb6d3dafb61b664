package gitlab

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/fingerprint"
)

// variable is a CI/CD variable as privgraph keeps it: every fact GitLab
// gives except the value, which is only present as its fingerprint and
// as two facts derived from it.
type variable struct {
	Key              string
	VariableType     string
	EnvironmentScope string
	Description      string
	Protected        bool
	Masked           bool
	Hidden           bool
	Raw              bool
	Fingerprint      string
	StaticCloudKey   bool
	PersonalToken    bool
}

// variablePage decodes one page of GET …/variables. The value is read
// into a local of UnmarshalJSON, fingerprinted, inspected for its shape,
// and dropped there: it never reaches a field.
type variablePage struct {
	fp    *fingerprint.Fingerprinter
	items []variable
}

func (p *variablePage) UnmarshalJSON(b []byte) error {
	var raw []struct {
		Key              string  `json:"key"`
		Value            *string `json:"value"`
		VariableType     string  `json:"variable_type"`
		Protected        bool    `json:"protected"`
		Masked           bool    `json:"masked"`
		Hidden           bool    `json:"hidden"`
		Raw              bool    `json:"raw"`
		EnvironmentScope string  `json:"environment_scope"`
		Description      *string `json:"description"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for i := range raw {
		v := raw[i]
		out := variable{
			Key: bounded(v.Key, 255), VariableType: bounded(v.VariableType, 32),
			EnvironmentScope: bounded(v.EnvironmentScope, 255),
			Protected:        v.Protected, Masked: v.Masked, Hidden: v.Hidden, Raw: v.Raw,
		}
		if v.Description != nil {
			out.Description = bounded(*v.Description, 1024)
		}
		if v.Value != nil && *v.Value != "" {
			if p.fp != nil {
				out.Fingerprint = p.fp.Sum(*v.Value)
			}
			out.StaticCloudKey = valueIsStaticCloudKey(*v.Value)
			out.PersonalToken = valueIsPersonalToken(*v.Value)
		}
		raw[i].Value = nil
		if out.Key != "" {
			p.items = append(p.items, out)
		}
	}
	return nil
}

func (p *variablePage) reset() { p.items = nil }

// listVariables reads every variable at path (…/variables).
func (r *scan) listVariables(ctx context.Context, path string) ([]variable, error) {
	var out []variable
	err := r.paginate(ctx, path, nil,
		func() any { return &variablePage{fp: r.s.opts.Fingerprinter} },
		func(v any) int { p := v.(*variablePage); out = append(out, p.items...); return len(p.items) })
	return out, err
}

// toVariableCredential maps a variable at scope; owner is the group path
// for group variables below the target.
func toVariableCredential(v variable, scope scanner.Scope, owner string) scanner.Credential {
	vt := v.VariableType
	if vt == "" {
		vt = "env_var"
	}
	es := v.EnvironmentScope
	if es == "" {
		es = "*"
	}
	return scanner.Credential{
		Kind: scanner.CIVariable, Name: v.Key, Scope: scope, OwnerName: owner,
		Protected: v.Protected, Masked: v.Masked, Hidden: v.Hidden, Raw: v.Raw,
		VariableType: vt, EnvironmentScope: es, Description: v.Description,
		ValueFingerprint: v.Fingerprint, StaticCloudKey: v.StaticCloudKey, PersonalToken: v.PersonalToken,
		Active: true,
	}
}

var (
	awsKeyID   = regexp.MustCompile(`\bAKIA[0-9A-Z]{16}\b`)
	userTokens = []string{"glpat-", "ghp_", "github_pat_", "gho_"}
)

// valueIsStaticCloudKey recognises long-lived cloud keys by their shape:
// AWS access key ids, GCP service-account key JSON, kubeconfigs with
// embedded credentials.
func valueIsStaticCloudKey(v string) bool {
	if len(v) > 64<<10 {
		v = v[:64<<10]
	}
	switch {
	case awsKeyID.MatchString(v):
		return true
	case strings.Contains(v, `"type"`) && strings.Contains(v, `"service_account"`) && strings.Contains(v, `"private_key"`):
		return true
	case strings.Contains(v, "kind: Config") && (strings.Contains(v, "client-key-data") || strings.Contains(v, "token:")):
		return true
	}
	return false
}

// valueIsPersonalToken recognises user tokens by their documented prefixes
// (GitLab personal/project/group access tokens share glpat-).
func valueIsPersonalToken(v string) bool {
	v = strings.TrimSpace(v)
	for _, p := range userTokens {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

// bounded cuts hostile strings to n bytes on a rune boundary.
func bounded(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
