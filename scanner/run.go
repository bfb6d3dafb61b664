package scanner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/ent/scan"
)

// RunOptions configures one scan. Zero values work.
type RunOptions struct {
	Platform Platform
	Target   string
	Logger   *slog.Logger
	// Progress receives human progress lines (the CLI writes them to stderr).
	Progress func(format string, args ...any)
	Now      func() time.Time
	// Analyze runs after the facts are committed (exposure vs need, rules,
	// findings). Its failure marks the scan FAILED but keeps the facts.
	Analyze func(ctx context.Context, client *ent.Client, scanID int) error
}

// Run performs one scan: records a RUNNING Scan row, calls src.Scan, writes
// the facts in one transaction, runs opts.Analyze, and marks the scan
// SUCCEEDED, PARTIAL (some resources could not be read) or FAILED (an error;
// the previous inventory is untouched). The returned scan is the final row.
func Run(ctx context.Context, client *ent.Client, src Source, opts RunOptions) (*ent.Scan, error) {
	opts = opts.withDefaults()
	started := opts.Now()
	s, err := client.Scan.Create().
		SetPlatform(scan.Platform(opts.Platform)).SetTarget(bounded(opts.Target, 512)).
		SetStartedAt(started).SetStatus(scan.StatusRUNNING).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record scan: %w", err)
	}
	log := opts.Logger.With("scan_id", s.ID, "platform", string(opts.Platform))
	facts, err := src.Scan(ctx, opts.Target)
	if err != nil {
		return fail(client, s, facts, err, opts, log)
	}
	if facts.Platform == "" {
		facts.Platform = opts.Platform
	}
	if facts.Target == "" {
		facts.Target = opts.Target
	}
	opts.Progress("writing %d repositories to the inventory", len(facts.Repositories))
	counts, err := Ingest(ctx, client, s.ID, facts)
	if err != nil {
		return fail(client, s, facts, fmt.Errorf("write inventory: %w", err), opts, log)
	}
	status := scan.StatusSUCCEEDED
	if len(facts.Gaps) > 0 {
		status = scan.StatusPARTIAL
	}
	// The status is set before analysis so that it knows whether the scan
	// was complete (a partial scan resolves nothing it could not see).
	u := client.Scan.UpdateOneID(s.ID).SetStatus(status).
		SetAPIRequests(facts.Requests).SetAPINotModified(facts.NotModified).
		SetCoverageGaps(facts.Gaps).SetUnread(UnreadStrings(facts.Unread)).
		SetTokenScopes(facts.TokenScopes).SetTokenCanWrite(facts.TokenCanWrite).
		SetRepositories(counts.Repositories).SetPipelines(counts.Pipelines).SetJobs(counts.Jobs).
		SetCredentials(counts.Credentials).SetUsages(counts.Usages)
	if err := u.Exec(ctx); err != nil {
		return nil, fmt.Errorf("record scan result: %w", err)
	}
	if opts.Analyze != nil {
		opts.Progress("analysing exposure and running rules")
		if err := opts.Analyze(ctx, client, s.ID); err != nil {
			return fail(client, s, facts, fmt.Errorf("analysis: %w", err), opts, log)
		}
	}
	final, err := client.Scan.UpdateOneID(s.ID).SetFinishedAt(opts.Now()).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("record scan end: %w", err)
	}
	log.Info("scan finished", "status", string(final.Status), "duration", opts.Now().Sub(started))
	return final, nil
}

func (o RunOptions) withDefaults() RunOptions {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Progress == nil {
		o.Progress = func(string, ...any) {}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// fail marks the scan FAILED with a sentence and returns the error. It uses
// a fresh context so that an interrupted scan is still recorded.
func fail(client *ent.Client, s *ent.Scan, facts *Facts, cause error, opts RunOptions, log *slog.Logger) (*ent.Scan, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	msg := cause.Error()
	if errors.Is(cause, context.Canceled) {
		msg = "interrupted"
	}
	u := client.Scan.UpdateOneID(s.ID).SetStatus(scan.StatusFAILED).
		SetError(bounded(msg, 1000)).SetFinishedAt(opts.Now())
	if facts != nil {
		u.SetAPIRequests(facts.Requests).SetAPINotModified(facts.NotModified).SetCoverageGaps(facts.Gaps)
	}
	final, err := u.Save(ctx)
	if err != nil {
		log.Error("record failed scan", "err", err)
		return nil, errors.Join(cause, err)
	}
	// the caller reports the error; this line is for operators (debug level)
	log.Debug("scan failed", "err", cause)
	return final, cause
}
