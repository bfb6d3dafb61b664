package analysis

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/finding"
)

// ValidationError is bad input from a user: the CLI, GraphQL and the
// dashboard show its message as is.
type ValidationError struct {
	Field  string
	Reason string
}

func (e *ValidationError) Error() string { return e.Field + ": " + e.Reason }

// Triage sets a finding's status. ACCEPTED needs a reason, who accepts and an
// expiry in the future; OPEN reopens (clearing the acceptance). RESOLVED is
// set only by scans that no longer see the finding.
func Triage(ctx context.Context, client *ent.Client, findingID int, status, reason string, until *time.Time, by string) (*ent.Finding, error) {
	return triageAt(ctx, client, time.Now(), findingID, status, reason, until, by)
}

func triageAt(ctx context.Context, client *ent.Client, now time.Time, id int, status, reason string, until *time.Time, by string) (*ent.Finding, error) {
	f, err := client.Finding.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read finding %d: %w", id, err)
	}
	u := client.Finding.UpdateOne(f)
	switch upper(status) {
	case "ACCEPTED":
		if err := validateAcceptance(now, reason, until, by); err != nil {
			return nil, err
		}
		u.SetStatus(finding.StatusACCEPTED).SetAcceptedReason(strings.TrimSpace(reason)).
			SetAcceptedBy(strings.TrimSpace(by)).SetAcceptedUntil(*until)
	case "OPEN":
		u.SetStatus(finding.StatusOPEN).ClearAcceptedReason().ClearAcceptedBy().ClearAcceptedUntil().ClearResolvedAt()
	default:
		return nil, &ValidationError{Field: "status", Reason: fmt.Sprintf("cannot set status %q: use OPEN or ACCEPTED (scans resolve findings)", status)}
	}
	f, err = u.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("triage finding %d: %w", id, err)
	}
	return f, nil
}

func validateAcceptance(now time.Time, reason string, until *time.Time, by string) error {
	switch {
	case strings.TrimSpace(reason) == "":
		return &ValidationError{Field: "reason", Reason: "accepting a finding needs a reason"}
	case strings.TrimSpace(by) == "":
		return &ValidationError{Field: "by", Reason: "accepting a finding needs who accepts it"}
	case until == nil:
		return &ValidationError{Field: "until", Reason: "accepting a finding needs an expiry date"}
	case !until.After(now):
		return &ValidationError{Field: "until", Reason: "the expiry date must be in the future"}
	}
	return nil
}

// SetDone ticks (or unticks) a finding on its team's checklist; the next
// complete scan resolves it if it is really fixed.
func SetDone(ctx context.Context, client *ent.Client, findingID int, done bool) (*ent.Finding, error) {
	f, err := client.Finding.UpdateOneID(findingID).SetDone(done).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("mark finding %d done: %w", findingID, err)
	}
	return f, nil
}
