package analysis

import (
	"context"
	"fmt"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/finding"
	"github.com/privgraph/privgraph/ent/owner"
)

// Run recomputes exposure vs need for every credential of the scan's owner
// (and its subgroups), runs every rule, and upserts findings by fingerprint,
// all in one transaction. A SUCCEEDED scan resolves the owner's findings it
// no longer produces; a PARTIAL scan resolves only findings whose facts it
// read (Scan.unread, per repository; the coverage-gap sentences for scans
// recorded without it). Expired acceptances reopen.
func (a *Analyzer) Run(ctx context.Context, scanID int) (Result, error) {
	start := a.now()
	tx, err := a.client.Tx(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("begin analysis of scan %d: %w", scanID, err)
	}
	res, err := analyse(ctx, tx, scanID, a.now())
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = fmt.Errorf("%w (rollback: %v)", err, rerr)
		}
		return Result{}, err
	}
	if err := tx.Commit(); err != nil {
		return Result{}, fmt.Errorf("commit analysis of scan %d: %w", scanID, err)
	}
	a.log.Info("analysis done", "scan_id", scanID, "opened", res.Opened, "updated", res.Updated,
		"resolved", res.Resolved, "open", res.Open, "over_scoped", res.OverScoped, "duration", time.Since(start))
	return res, nil
}

func analyse(ctx context.Context, tx *ent.Tx, scanID int, now time.Time) (Result, error) {
	s, err := load(ctx, tx, scanID, now)
	if err != nil {
		return Result{}, err
	}
	s.markReuse()
	s.computeExposure()
	res := Result{Credentials: len(s.creds)}
	if res.OverScoped, err = persistCredentials(ctx, tx, s); err != nil {
		return Result{}, err
	}
	if err := persistFindings(ctx, tx, s, s.runRules(), &res); err != nil {
		return Result{}, err
	}
	open, err := tx.Finding.Query().Where(finding.HasOwnerWith(owner.IDIn(s.ownerIDs...)), finding.StatusEQ(finding.StatusOPEN)).Count(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("count open findings: %w", err)
	}
	res.Open = open
	if err := tx.Scan.UpdateOneID(scanID).SetFindings(open).Exec(ctx); err != nil {
		return Result{}, fmt.Errorf("store findings count of scan %d: %w", scanID, err)
	}
	return res, nil
}
