package runner

import (
	"context"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/miglint/miglint/internal/paths"

	"github.com/miglint/miglint/internal/git"
	"github.com/miglint/miglint/ledger"
	"github.com/miglint/miglint/migration"
)

// Checked is a migration that passed the gate of a prod run: committed,
// linted clean with every analyzer, built, and unchanged meanwhile. It
// is what miglint batch hands to AWS Batch.
type Checked struct {
	Migration *migration.Migration
	// Commit is the git commit (HEAD) of the work tree holding the
	// migration; its files are committed, so the commit holds the bytes.
	Commit string
	// ContentHash is the hash of every byte the gate linted and built
	// (the snapshot), the same on every machine with the same files.
	ContentHash string
}

// Check takes steps 1 to 6 of a prod run of o.Target (resolve, refuse a
// migration whose header holds times unless Rerun, snapshot, refuse
// uncommitted files unless AllowDirty, lint and build, refuse changed
// bytes) and runs nothing. Refusals are printed on o.Stderr; the code is
// 0 with a Checked, else ExitUsage or ExitRefused. o.Mode must be Prod.
func Check(ctx context.Context, o Options) (*Checked, int) {
	r := &run{Options: o}
	if r.Stdout == nil {
		r.Stdout = io.Discard
	}
	if r.Stderr == nil {
		r.Stderr = io.Discard
	}
	if r.Env == nil {
		r.Env = os.Environ()
	}
	if r.Mode != Prod {
		return nil, r.usage("Check is the gate of a prod run; mode %q", r.Mode)
	}
	m, code := r.resolve()
	if m == nil {
		return nil, code
	}
	r.m, r.rel = m, paths.Display(m.Dir)
	if !r.Rerun && m.Header != nil && !m.Header.Pending && m.Header.ExecutionLine != nil && m.Header.FinalizationLine != nil {
		return nil, r.refuse("%s already ran in prod (Execution Time: %s, Finalization Time: %s); pass --rerun to run it again",
			m.Name, m.Header.ExecutionLine.Value, m.Header.FinalizationLine.Value)
	}
	ctx, stop := signal.NotifyContext(ctx, forwarded...)
	defer stop()
	tmp, err := os.MkdirTemp("", "miglint-check-")
	if err != nil {
		return nil, r.refuse("cannot create a temporary directory for the build: %v", err)
	}
	defer os.RemoveAll(tmp)
	r.tmp = tmp
	// The job's children cannot reach the dev ledger: the dry run is
	// checked here, where the job is made.
	if r.cfg.Runner.RequireDryRun {
		dev, err := ledger.Open(ctx, ledger.Options{Env: ledger.Dev, Endpoint: r.cfg.Runner.DevEndpoint, Table: r.cfg.Ledger.Table,
			Lease: time.Duration(r.cfg.Ledger.LeaseSeconds) * time.Second})
		if err != nil {
			return nil, r.refuse("a prod run needs a succeeded dry run ([runner] require_dry_run), and %v (nothing was made)", err)
		}
		r.devLedger = dev
	}
	if code := r.prepare(ctx); code != 0 {
		return nil, code
	}
	if ctx.Err() != nil {
		return nil, r.refuse("interrupted; nothing was checked")
	}
	commit, err := git.Run(m.Dir, "rev-parse", "--verify", "HEAD")
	if err != nil {
		return nil, r.refuse("cannot tell the commit of %s: %v", r.rel, err)
	}
	return &Checked{Migration: m, Commit: strings.TrimSpace(commit), ContentHash: r.hash}, 0
}
