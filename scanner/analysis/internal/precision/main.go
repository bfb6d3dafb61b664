// Command precision runs every rule over the real workflows of the shared
// corpus (a local scan of each platform folder) and prints the findings per
// rule and a reproducible random sample to review by hand for false
// positives. It is `make precision`, not a unit test:
//
//	go run ./scanner/analysis/internal/precision -corpus ../shared/corpus -sample 50
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"

	"github.com/privgraph/privgraph/ent"
	"github.com/privgraph/privgraph/migrations"
	"github.com/privgraph/privgraph/scanner"
	"github.com/privgraph/privgraph/scanner/analysis"
	"github.com/privgraph/privgraph/scanner/local"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "precision:", err)
		os.Exit(1)
	}
}

type config struct {
	corpus, db string
	sample     int
	seed       uint64
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("precision", flag.ContinueOnError)
	var c config
	fs.StringVar(&c.corpus, "corpus", "../shared/corpus", "the corpus folder (holds workflows/github and workflows/gitlab)")
	fs.StringVar(&c.db, "db", "", "SQLite file to write (default: a temporary file)")
	fs.IntVar(&c.sample, "sample", 50, "findings to sample for review")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the sample")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.db == "" {
		dir, err := os.MkdirTemp("", "precision")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		c.db = filepath.Join(dir, "precision.db")
	}
	client, err := migrations.Open(ctx, c.db)
	if err != nil {
		return fmt.Errorf("open %s: %w", c.db, err)
	}
	defer client.Close()
	for _, platform := range []string{"github", "gitlab"} {
		if err := scan(ctx, client, filepath.Join(c.corpus, "workflows", platform), out); err != nil {
			return err
		}
	}
	items, err := analysis.Checklist(ctx, client, analysis.ChecklistFilter{})
	if err != nil {
		return err
	}
	printCounts(out, items)
	printSample(out, items, c.sample, c.seed)
	return nil
}

func scan(ctx context.Context, client *ent.Client, dir string, out io.Writer) error {
	s, err := scanner.Run(ctx, client, local.New(local.Options{}), scanner.RunOptions{
		Platform: scanner.Local, Target: dir,
		Analyze: func(ctx context.Context, c *ent.Client, id int) error {
			res, err := analysis.New(c, analysis.Options{}).Run(ctx, id)
			if err == nil {
				fmt.Fprintf(out, "%s: %d credentials (%d over-scoped), %d findings\n", dir, res.Credentials, res.OverScoped, res.Open)
			}
			return err
		},
	})
	if err != nil {
		return fmt.Errorf("scan %s: %w", dir, err)
	}
	fmt.Fprintf(out, "scan %s: %s, %d repositories, %d pipelines, %d jobs, %d credentials\n",
		dir, strings.ToLower(string(s.Status)), s.Repositories, s.Pipelines, s.Jobs, s.Credentials)
	return nil
}

func printCounts(out io.Writer, items []analysis.ChecklistItem) {
	counts := map[string]int{}
	sev := map[string]string{}
	for _, it := range items {
		counts[it.Rule]++
		sev[it.Rule] = it.Severity
	}
	var rules []string
	for r := range counts {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	fmt.Fprintf(out, "\n## Findings per rule (%d in all)\n\n| rule | findings |\n| --- | --- |\n", len(items))
	for _, r := range rules {
		fmt.Fprintf(out, "| %s | %d |\n", r, counts[r])
	}
	for _, r := range analysis.Rules() {
		if counts[r.ID] == 0 {
			fmt.Fprintf(out, "| %s | 0 |\n", r.ID)
		}
	}
}

// printSample prints n findings drawn with a fixed seed, for review.
func printSample(out io.Writer, items []analysis.ChecklistItem, n int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, seed))
	idx := r.Perm(len(items))
	if n > len(idx) {
		n = len(idx)
	}
	fmt.Fprintf(out, "\n## Sample of %d findings (seed %d)\n\n", n, seed)
	for i, k := range idx[:n] {
		it := items[k]
		fmt.Fprintf(out, "%d. [ ] TP / [ ] FP — %s %s — %s %s:%d\n   %s\n   evidence: %s\n",
			i+1, it.Severity, it.Rule, it.Repository, it.File, it.Line, it.Title, it.Evidence)
	}
}
