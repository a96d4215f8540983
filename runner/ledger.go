package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/miglint/miglint/internal/git"
	"github.com/miglint/miglint/ledger"
	"github.com/miglint/miglint/migration"
)

// openLedgers opens the ledger of the run's environment and, for a prod
// run that needs a dry run, the dev ledger it is looked up in.
func (r *run) openLedgers(ctx context.Context) int {
	l, err := ledger.Open(ctx, r.ledgerOptions(r.Mode, r.Endpoint))
	if err != nil {
		return r.refuse("%v (nothing ran)", err)
	}
	r.ledger = l
	return r.openDevLedger(ctx)
}

// openDevLedger opens the dev ledger at dev_endpoint when the run needs
// a dry run there (needsDryRun).
func (r *run) openDevLedger(ctx context.Context) int {
	if !r.needsDryRun() {
		return 0
	}
	dev, err := ledger.Open(ctx, r.ledgerOptions(Dev, r.cfg.Runner.DevEndpoint))
	if err != nil {
		return r.refuse("a prod run needs a succeeded dry run ([runner] require_dry_run), and %v (nothing ran); pass --skip-dry-run \"reason\" to run without one", err)
	}
	r.devLedger = dev
	return 0
}

func (r *run) ledgerOptions(mode Mode, endpoint string) ledger.Options {
	o := ledger.Options{
		Env:   string(mode),
		Table: r.cfg.Ledger.Table,
		Lease: time.Duration(r.cfg.Ledger.LeaseSeconds) * time.Second,
	}
	if mode == Dev {
		o.Endpoint = endpoint
	}
	return o
}

// needsDryRun reports whether the run must find its dry run in the dev
// ledger. Not so for a child of a miglint batch job, whose bytes hash to
// the job's MIGLINT_CONTENT_HASH (executeSegments refuses others): miglint
// batch found the dry run of that hash on the author's machine, where
// the dev ledger is; a job in AWS cannot reach a loopback dev endpoint.
func (r *run) needsDryRun() bool {
	batchChild := r.Segments.FromEnv && lookupEnv(r.Env, EnvContentHash) != ""
	return r.Mode == Prod && r.cfg.Runner.RequireDryRun && r.SkipDryRun == "" && !batchChild
}

// key is the ledger key of segment seg of the run; 0 for a run in one
// piece, which so shares segment 0's lock (it scans segment 0 too).
func (r *run) key(seg int) ledger.Key {
	return ledger.Key{Migration: r.m.Name, Env: string(r.Mode), Segment: seg}
}

// checkDryRun refuses a prod run without a succeeded dev run of the same
// content hash, unless dry runs are not required or SkipDryRun says why.
func (r *run) checkDryRun(ctx context.Context) int {
	switch {
	case r.Mode != Prod || !r.cfg.Runner.RequireDryRun:
		return 0
	case r.SkipDryRun != "":
		fmt.Fprintf(r.Stderr, "miglint run: running without a dry run: %q (recorded in the ledger)\n", r.SkipDryRun)
		return 0
	case !r.needsDryRun():
		fmt.Fprintf(r.Stderr, "miglint run: dry run: checked by miglint batch for %s=%s\n", EnvContentHash, lookupEnv(r.Env, EnvContentHash))
		return 0
	}
	dry, err := r.dryRun(ctx)
	if err != nil {
		return r.refuse("%v (nothing ran)", err)
	}
	if dry == nil {
		shape, command := "", "miglint run dev "+r.m.Name
		if r.segmented() {
			shape = " in segments, every one of which succeeded,"
			command += fmt.Sprintf(" --segments %d", r.Segments.Total)
		}
		return r.refuse("the dev ledger %s holds no succeeded dev run%s of these exact bytes of %s (content hash %s): run %s first, or pass --skip-dry-run \"reason\" ([runner] require_dry_run)",
			r.devLedger.Where(), shape, r.m.Name, shortHash(r.hash), command)
	}
	in := ""
	if dry.Segments > 0 {
		in = fmt.Sprintf(" in %d segments", dry.Segments)
	}
	fmt.Fprintf(r.Stderr, "miglint run: dry run: dev run %d of these bytes succeeded%s on %s (%s@%s)\n",
		dry.Run, in, migration.FormatTime(dry.End), dry.User, dry.Host)
	return 0
}

// dryRun finds the dev run that is this prod run's dry run: one of the
// same content hash and the same shape. A run in one piece needs a dev
// run in one piece that succeeded; a segmented run needs a segmented dev
// run (of any number of segments: the dev table is small) every segment
// of which succeeded, since only that tried the migration's segment
// code. It returns the run (segment 0's record of a segmented one) or nil.
func (r *run) dryRun(ctx context.Context) (*ledger.Record, error) {
	runs, err := r.devLedger.DryRuns(ctx, r.key(0), r.hash)
	if err != nil {
		return nil, err
	}
	tried := map[int]bool{}
	for _, dry := range runs {
		if !r.segmented() {
			if dry.Segments == 0 {
				return &dry, nil
			}
			continue
		}
		if dry.Segments == 0 || tried[dry.Segments] {
			continue
		}
		tried[dry.Segments] = true
		every := true
		for i := 1; i < dry.Segments && every; i++ {
			seg, err := r.devLedger.DryRuns(ctx, r.key(i), r.hash)
			if err != nil {
				return nil, err
			}
			every = slices.ContainsFunc(seg, func(s ledger.Record) bool { return s.Segments == dry.Segments })
		}
		if every {
			return &dry, nil
		}
	}
	return nil, nil
}

// record is what the ledger records of segment seg of total (0 of 0: a
// run in one piece) when it begins.
func (r *run) record(seg, total int, commit string) ledger.Record {
	return ledger.Record{Key: r.key(seg), Segments: total, Hash: r.hash, Commit: commit, SkipDryRun: r.SkipDryRun}
}

// commit is the commit the run's bytes come from: HEAD of the work tree,
// or in a miglint batch job, which need not hold .git, the job's.
func (r *run) commit() string {
	if c := lookupEnv(r.Env, EnvCommit); c != "" && r.Segments.FromEnv {
		return c
	}
	return gitCommit(r.m.Dir)
}

// begin takes the lock of rec's key and records the run as running. The
// error says why it was refused; nothing runs then.
func (r *run) begin(ctx context.Context, rec ledger.Record) (*ledger.Run, error) {
	run, err := r.ledger.Begin(ctx, rec, r.Rerun)
	switch {
	case errors.As(err, new(*ledger.HeldError)), errors.As(err, new(*ledger.InterruptedError)):
		return nil, r.howToRerun(err, rec.Segment, rec.Segments)
	case err != nil && run != nil:
		// The lock is taken but the start is not recorded: give it back.
		run.Finish(context.WithoutCancel(ctx), ExitRefused)
		return nil, fmt.Errorf("%w (nothing ran)", err)
	case err != nil:
		return nil, fmt.Errorf("%w (nothing ran)", err)
	}
	return run, nil
}

// ready is the refusal Begin would give segment seg of total now, read
// without taking the lock, or nil.
func (r *run) ready(ctx context.Context, seg, total int) error {
	err := r.ledger.Ready(ctx, r.key(seg), r.Rerun)
	if errors.As(err, new(*ledger.HeldError)) || errors.As(err, new(*ledger.InterruptedError)) {
		return r.howToRerun(err, seg, total)
	}
	if err != nil {
		return fmt.Errorf("%w (nothing ran)", err)
	}
	return nil
}

// howToRerun adds to an interrupted segment's refusal the command that
// reruns it.
func (r *run) howToRerun(err error, seg, total int) error {
	if total > 0 && errors.As(err, new(*ledger.InterruptedError)) {
		return fmt.Errorf("%w: miglint run %s %s --segments %d --segment %d --rerun", err, r.Mode, r.m.Name, total, seg)
	}
	return err
}

// finish records the end of the run and says so when the ledger could not
// take it.
func (r *run) finish(code int, lostErr error) error {
	return r.finishRun(r.lease, code, lostErr, r.Stderr, r.m.Name)
}

// finishRun records the end of run (what: the migration, or one of its
// segments), saying on w when the ledger could not take it; the error is
// then that, else lostErr.
func (r *run) finishRun(run *ledger.Run, code int, lostErr error, w io.Writer, what string) error {
	err := run.Finish(context.Background(), code)
	if err == nil {
		return lostErr
	}
	if lostErr == nil || !errors.Is(err, lostErr) {
		fmt.Fprintf(w, "miglint run: the %s ledger could not record how %s ended: %v\n", r.Mode, what, err)
	}
	return err
}

// shortHash is a content hash as shown in a message.
func shortHash(h string) string {
	h = strings.TrimPrefix(h, "sha256:")
	return h[:min(12, len(h))]
}

// ContentHash is the content hash a run of m would record: miglint
// status compares it with the ledger's.
func ContentHash(ctx context.Context, m *migration.Migration) (string, error) {
	snap, err := takeSnapshot(ctx, m)
	if err != nil {
		return "", err
	}
	return snap.contentHash(), nil
}

// gitCommit is HEAD of the work tree holding dir, or "".
func gitCommit(dir string) string {
	out, err := git.Run(dir, "rev-parse", "HEAD")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(out)
}
