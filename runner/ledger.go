package runner

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/internal/git"
	"github.com/miglint/miglint/ledger"
	"github.com/miglint/miglint/migration"
)

// openLedgers opens the ledger of the run's environment and, for a prod
// run that needs a dry run, the dev ledger it is looked up in.
func (r *run) openLedgers(ctx context.Context) int {
	o := ledger.Options{
		Env:   string(r.Mode),
		Table: r.cfg.Ledger.Table,
		Lease: time.Duration(r.cfg.Ledger.LeaseSeconds) * time.Second,
	}
	if r.Mode == Dev {
		o.Endpoint = r.Endpoint
	}
	l, err := ledger.Open(ctx, o)
	if err != nil {
		return r.refuse("%v (nothing ran)", err)
	}
	r.ledger = l
	if r.Mode == Prod && r.cfg.Runner.RequireDryRun && r.SkipDryRun == "" {
		o.Env, o.Endpoint = ledger.Dev, r.cfg.Runner.DevEndpoint
		dev, err := ledger.Open(ctx, o)
		if err != nil {
			return r.refuse("a prod run needs a succeeded dry run ([runner] require_dry_run), and %v (nothing ran); pass --skip-dry-run \"reason\" to run without one", err)
		}
		r.devLedger = dev
	}
	return 0
}

// key is the run's key in the ledger. A run in segments (AWS Batch) is
// one key per segment: set Segment.
func (r *run) key() ledger.Key {
	return ledger.Key{Migration: r.m.Name, Env: string(r.Mode)}
}

// checkDryRun refuses a prod run without a succeeded dev run of the same
// content hash, unless dry runs are not required or SkipDryRun says why.
func (r *run) checkDryRun(ctx context.Context) int {
	if want := lookupEnv(r.Env, EnvContentHash); want != "" && r.Segments.FromEnv {
		// A child of a miglint batch job: these must be the bytes miglint
		// batch linted, and it checked their dry run (the dev ledger is
		// not reachable from AWS Batch).
		if r.hash != want {
			return r.refuse("%s=%s, but the bytes here hash to %s: this is not what miglint batch linted (an image built from another commit?); nothing ran", EnvContentHash, want, r.hash)
		}
		return 0
	}
	if r.Mode != Prod {
		return 0
	}
	switch {
	case !r.cfg.Runner.RequireDryRun:
		return 0
	case r.SkipDryRun != "":
		fmt.Fprintf(r.Stderr, "miglint run: running without a dry run: %q (recorded in the ledger)\n", r.SkipDryRun)
		return 0
	}
	dry, err := r.devLedger.DryRun(ctx, r.key(), r.hash)
	if err != nil {
		return r.refuse("%v (nothing ran)", err)
	}
	if dry == nil {
		return r.refuse("the dev ledger %s holds no succeeded dev run of these exact bytes of %s (content hash %s): run miglint run dev %s first, or pass --skip-dry-run \"reason\" ([runner] require_dry_run)",
			r.devLedger.Where(), r.m.Name, r.hash[:12], r.m.Name)
	}
	fmt.Fprintf(r.Stderr, "miglint run: dry run: dev run %d of these bytes succeeded on %s (%s@%s)\n",
		dry.Run, migration.FormatTime(dry.End), dry.User, dry.Host)
	return 0
}

// begin takes the lock and records the run as running.
func (r *run) begin(ctx context.Context) int {
	rec := ledger.Record{Key: r.key(), Hash: r.hash, Commit: gitCommit(r.m.Dir), SkipDryRun: r.SkipDryRun}
	run, err := r.ledger.Begin(ctx, rec, r.Rerun)
	var held *ledger.HeldError
	var interrupted *ledger.InterruptedError
	switch {
	case errors.As(err, &held), errors.As(err, &interrupted):
		return r.refuse("%v", err)
	case err != nil && run != nil:
		// The lock is taken but the start is not recorded: give it back.
		run.Finish(context.WithoutCancel(ctx), ExitRefused)
		return r.refuse("%v (nothing ran)", err)
	case err != nil:
		return r.refuse("%v (nothing ran)", err)
	}
	r.lease = run
	return 0
}

// finish records the end of the run and says so when the ledger could not
// take it.
func (r *run) finish(code int, lostErr error) error {
	err := r.lease.Finish(context.Background(), code)
	if err == nil {
		return lostErr
	}
	if lostErr == nil || !errors.Is(err, lostErr) {
		fmt.Fprintf(r.Stderr, "miglint run: the %s ledger could not record how %s ended: %v\n", r.Mode, r.m.Name, err)
	}
	return err
}

// ContentHash is the content hash a run of m would record: miglint
// status compares it with the ledger's.
func ContentHash(ctx context.Context, m *migration.Migration) (string, error) {
	snap, err := takeSnapshot(ctx, m)
	if err != nil {
		return "", err
	}
	return contentHash(snap, moduleRoot(m.Dir)), nil
}

// contentHash is one hash of the snapshot: each file's path relative to
// the migration's module root and its bytes' hash, so that the same bytes
// hash the same in another clone.
func contentHash(s *snapshot, moduleRoot string) string {
	lines := make([]string, 0, len(s.files))
	for f, h := range s.files {
		rel, err := filepath.Rel(moduleRoot, f)
		if err != nil {
			rel = f
		}
		lines = append(lines, filepath.ToSlash(rel)+"\x00"+hex.EncodeToString(h[:]))
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

func moduleRoot(dir string) string {
	if root := importrules.ModuleRoot(dir); root != "" {
		return root
	}
	return dir
}

// gitCommit is HEAD of the work tree holding dir, or "".
func gitCommit(dir string) string {
	out, err := git.Run(dir, "rev-parse", "HEAD")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}
