package graph

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/scanner/analysis"
)

// TriageInput is one triage decision about a finding.
type TriageInput struct {
	FindingID int
	Status    string // OPEN or ACCEPTED (scans resolve findings)
	Reason    string
	Until     *time.Time
	Now       time.Time // zero means time.Now()
}

// maxReason bounds a triage reason.
const maxReason = 1000

// Triage records a triage decision and its AuditEvent in one transaction.
// The caller in ctx must hold the TRIAGER role (a context without a caller
// is trusted).
func Triage(ctx context.Context, client *ent.Client, in TriageInput) (*ent.Finding, error) {
	var f *ent.Finding
	err := withTx(ctx, client, func(tx *ent.Client) error {
		var err error
		f, err = triage(ctx, tx, in)
		return err
	})
	return f, err
}

// MarkFindingDone ticks or unticks a finding on its team's checklist and
// records the AuditEvent, in one transaction.
func MarkFindingDone(ctx context.Context, client *ent.Client, id int, done bool) (*ent.Finding, error) {
	var f *ent.Finding
	err := withTx(ctx, client, func(tx *ent.Client) error {
		var err error
		f, err = MarkDone(ctx, tx, id, done)
		return err
	})
	return f, err
}

// triage validates and applies in on client (a transaction's client).
func triage(ctx context.Context, client *ent.Client, in TriageInput) (*ent.Finding, error) {
	if err := allow(ctx, RoleTriager, false); err != nil {
		return nil, err
	}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	reason := strings.TrimSpace(in.Reason)
	if len(reason) > maxReason {
		return nil, &Error{Code: CodeBadInput, Message: fmt.Sprintf("the reason is longer than %d characters", maxReason)}
	}
	status := finding.Status(in.Status)
	if err := finding.StatusValidator(status); err != nil {
		return nil, &Error{Code: CodeBadInput, Message: fmt.Sprintf("status must be OPEN, ACCEPTED or RESOLVED, not %q", in.Status)}
	}
	if status == finding.StatusACCEPTED {
		if reason == "" || in.Until == nil {
			return nil, &Error{Code: CodeBadInput, Message: "accepting a risk needs a reason and an expiry date (until)"}
		}
		if !in.Until.After(now) {
			return nil, &Error{Code: CodeBadInput, Message: "the acceptance expiry (until) must be in the future"}
		}
	}
	c := callerOr(ctx)
	f, err := applyTriage(ctx, client, in.FindingID, status, reason, in.Until, c.Name, now)
	if err != nil {
		return nil, err
	}
	detail := "status=" + string(status)
	if status == finding.StatusACCEPTED {
		detail += " until=" + in.Until.UTC().Format(time.DateOnly) + " reason=" + reason
	}
	return f, audit(ctx, client, c, "triageFinding", f.Fingerprint, detail)
}

// applyTriage writes the decision through the analysis, which owns the
// rules of triage (RESOLVED is for scans to set).
func applyTriage(ctx context.Context, client *ent.Client, id int, status finding.Status, reason string, until *time.Time, by string, _ time.Time) (*ent.Finding, error) {
	return analysis.Triage(ctx, client, id, string(status), reason, until, by)
}

// MarkDone ticks or unticks a finding on client (a transaction's client).
func MarkDone(ctx context.Context, client *ent.Client, id int, done bool) (*ent.Finding, error) {
	if err := allow(ctx, RoleTriager, false); err != nil {
		return nil, err
	}
	f, err := analysis.SetDone(ctx, client, id, done)
	if err != nil {
		return nil, err
	}
	return f, audit(ctx, client, callerOr(ctx), "markFindingDone", f.Fingerprint, fmt.Sprintf("done=%t", done))
}

// Audit records one action of the caller in ctx.
func Audit(ctx context.Context, client *ent.Client, action, target, detail string) error {
	return audit(ctx, client, callerOr(ctx), action, target, detail)
}

func audit(ctx context.Context, client *ent.Client, c Caller, action, target, detail string) error {
	return client.AuditEvent.Create().
		SetActor(c.Name).SetAction(action).SetTarget(target).SetDetail(detail).SetRemoteAddr(c.RemoteAddr).
		Exec(ctx)
}

func callerOr(ctx context.Context) Caller {
	if c, ok := CallerFrom(ctx); ok {
		return c
	}
	return Local
}

// withTx runs fn in a transaction of client.
func withTx(ctx context.Context, client *ent.Client, fn func(*ent.Client) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}
