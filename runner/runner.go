// Package runner is miglint run: it lints one migration with every
// analyzer, builds the exact bytes it linted, records the run in the
// ledger of its environment under a lock, and runs the result.
//
// The steps, in order:
//
//  1. Resolve NAME or PATH to a migration directory under a configured root.
//  2. Refuse at once what needs no build: a dev endpoint that is not on
//     loopback (--endpoint, else [runner] dev_endpoint); in prod, a header
//     that already holds times (unless Rerun), and no terminal to confirm
//     on without Yes.
//  3. Open the ledger of the environment (package ledger): dev, the table
//     at the dev endpoint, created on first use; prod, the table in the
//     AWS account of the user's configuration, which must exist (miglint
//     ledger init prod). A prod run that needs a dry run opens the dev
//     ledger at dev_endpoint too. A missing table, an unreachable
//     endpoint or a table of another shape refuses.
//  4. Snapshot: hash the migration's files, the build files of every
//     package it imports from the main module(s), vendor/ or a local
//     replacement, go.mod, go.sum, go.work, and the importrules.toml in
//     force (or the places one would be found).
//  5. prod: refuse files that git reports as uncommitted (unless AllowDirty).
//  6. Lint with analyzers.All through checker.Check, as miglint ./... does,
//     and meanwhile build the binary into a temporary directory.
//  7. Refuse on any finding (printed as miglint prints them), configuration
//     or load error, or build error; hash again and refuse if anything
//     changed since step 4: the binary that runs is the one built from
//     the bytes that linted clean. The snapshot's hashes make the run's
//     content hash.
//  8. prod with [runner] require_dry_run: refuse unless the dev ledger
//     holds a succeeded dev run of the same content hash, or SkipDryRun
//     gives a reason (recorded with the run).
//  9. prod: ask for the migration's name on the terminal (unless Yes).
//  10. Take the lock of the migration in the environment's ledger and
//     record the run as running: refuse when a live run holds it (naming
//     user@host, pid and since when), or when the last run was
//     interrupted, unless Rerun.
//  11. Run the binary in the migration's directory, in a process group of
//     its own, renewing the lease every third of [ledger] lease_seconds.
//     The runner passes SIGINT, SIGTERM, SIGHUP and SIGQUIT on to it once
//     (a Ctrl-C on the terminal reaches only the runner, which forwards
//     it) and waits for it. On Linux the child is killed if the runner
//     dies (a parent-death signal), so that no migration writes
//     unobserved; if the runner loses its lock (another run took over
//     after its lease expired), it stops the migration. Its standard
//     input is the runner's, unless that is a terminal: a background
//     process group that reads from the terminal would be stopped. dev:
//     the child gets a loopback DynamoDB endpoint, dummy static
//     credentials and none of the parent's AWS settings (see devEnv).
//     prod: the parent's environment.
//  12. Record the end in the ledger (exit code, succeeded or failed) and
//     release the lock; print Execution Time and Finalization Time in the
//     header's format; after a successful prod run, write both into the
//     header (temporary file + rename) if its file still holds the bytes
//     that were linted, built and run, and ask the author to commit it;
//     otherwise say that the header was not written, and why.
//
// With Segments, steps 10 to 12 are taken for each segment, a run of its
// own in the ledger (its own lock), in N processes of the same binary,
// each with the environment of an AWS Batch array child; the header gets
// the first start and the last end once the ledger shows every segment
// of these bytes succeeded (segments.go).
//
// Run returns the exit code: ExitRefused when nothing ran, ExitUsage for a
// bad argument, 128+N when signal N arrived before the migration started;
// otherwise the migration's own (128+N when signal N killed it), except
// ExitStampFailed when a prod run succeeded but its times could not be
// written into the header (they are printed, to be copied by hand) or
// the ledger could not record its end.
package runner

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/miglint/miglint/internal/paths"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/ledger"
	"github.com/miglint/miglint/migration"
)

// Exit codes of Run besides the migration's own.
const (
	ExitUsage   = 2 // a bad argument: an unknown mode, a migration that does not exist
	ExitRefused = 3 // nothing ran: findings, a config or load error, changed bytes, a refused endpoint or prod run
	// ExitStampFailed is returned when a prod run succeeded but its
	// times could not be written into the header.
	ExitStampFailed = 1
)

// Mode is dev (a dry run against a local DynamoDB) or prod.
type Mode string

const (
	Dev  Mode = "dev"
	Prod Mode = "prod"
)

// DefaultEndpoint is the DynamoDB endpoint of a dev run when neither
// --endpoint nor [runner] dev_endpoint gives one: DynamoDB Local's
// default port on loopback.
const DefaultEndpoint = "http://127.0.0.1:8000"

// EnvMode is the variable that tells the migration whether it runs in dev
// or prod.
const EnvMode = "MIGLINT_ENV"

// Options say what to run and how.
type Options struct {
	Mode   Mode
	Target string   // NAME (0608_remove_root_url or 0608) or PATH of the migration directory
	Args   []string // passed to the migration

	Yes        bool   // prod: no typed confirmation
	Endpoint   string // dev: DynamoDB endpoint, loopback only; "" means [runner] dev_endpoint
	AllowDirty bool   // prod: run even with uncommitted changes
	Rerun      bool   // run after an interrupted run; prod: even though the header already holds times
	SkipDryRun string // prod: run without a succeeded dry run, for this reason (recorded)

	Segments Segments // run as parallel-scan segments (segments.go); zero: one process

	// Dir is where a relative PATH and the configuration are looked up
	// from; "" means the working directory.
	Dir string
	// Env is the parent environment the child's is made from; nil means
	// os.Environ(). Linting, building and the prod ledger (the AWS
	// configuration) use the process's own.
	Env []string
	// Stdin is read for the prod confirmation and given to the child
	// unless Terminal is set; nil means no input.
	Stdin io.Reader
	// Terminal says that Stdin is a terminal: only then may prod ask for
	// a typed confirmation.
	Terminal       bool
	Stdout, Stderr io.Writer

	// afterLint, when set, is called once linting is done, before the
	// runner waits for the build and hashes the files again: tests edit a
	// file there.
	afterLint func()
}

// forwarded are the signals passed on to the migration.
var forwarded = []os.Signal{os.Interrupt, sigTERM, sigHUP, sigQUIT}

// Run lints, builds and runs one migration and returns the exit code.
func Run(ctx context.Context, o Options) int {
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
	return r.do(ctx)
}

type run struct {
	Options
	cfg    *importrules.Config
	m      *migration.Migration
	rel    string // the migration's directory, as shown to the user
	snap   *snapshot
	hash   string // the content hash of the snapshot
	tmp    string
	binary string

	ledger    *ledger.Ledger // the environment's
	devLedger *ledger.Ledger // prod with require_dry_run: where the dry run is looked up
	lease     *ledger.Run
}

// refuse prints why nothing runs and returns ExitRefused.
func (r *run) refuse(format string, args ...any) int {
	fmt.Fprintf(r.Stderr, "miglint run: refused: "+format+"\n", args...)
	return ExitRefused
}

func (r *run) usage(format string, args ...any) int {
	fmt.Fprintf(r.Stderr, "miglint run: "+format+"\n", args...)
	return ExitUsage
}

func (r *run) do(ctx context.Context) int {
	if r.Mode != Dev && r.Mode != Prod {
		return r.usage("unknown mode %q; write miglint run dev NAME for a dry run against a local DynamoDB, or miglint run prod NAME", r.Mode)
	}
	if code := r.checkSegments(); code != 0 {
		return code
	}
	if r.Mode == Prod && r.Endpoint != "" {
		return r.usage("--endpoint is for dev runs; a prod run uses the AWS settings of your environment (AWS_PROFILE, AWS_REGION, ...)")
	}
	if r.Mode == Dev && r.SkipDryRun != "" {
		return r.usage("--skip-dry-run is for prod runs; a dev run is the dry run")
	}
	if r.Mode == Dev && r.Endpoint != "" {
		if err := CheckDevEndpoint(r.Endpoint); err != nil {
			return r.refuse("%v", err)
		}
	}

	m, code := r.resolve()
	if m == nil {
		return code
	}
	r.m = m
	r.rel = paths.Display(m.Dir)
	if r.Mode == Dev && r.Endpoint == "" {
		r.Endpoint = r.cfg.Runner.DevEndpoint
		if err := CheckDevEndpoint(r.Endpoint); err != nil {
			return r.refuse("%v", err)
		}
	}

	if r.Mode == Prod && !r.Rerun && m.Header != nil && !m.Header.Pending &&
		m.Header.ExecutionLine != nil && m.Header.FinalizationLine != nil {
		return r.refuse("%s already ran in prod (Execution Time: %s, Finalization Time: %s); running a migration twice is rarely meant. Pass --rerun to run it again (the header then gets the new times).",
			m.Name, m.Header.ExecutionLine.Value, m.Header.FinalizationLine.Value)
	}

	if r.Mode == Prod && !r.Yes && (!r.Terminal || r.Stdin == nil) {
		return r.refuse("a prod run needs --yes or a typed confirmation, and standard input is not a terminal; pass --yes to run %s in prod", m.Name)
	}

	if code := r.openLedgers(ctx); code != 0 {
		return code
	}

	// Signals: before the migration starts, one stops the runner; once
	// it runs, they are passed on to it.
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, forwarded...)
	defer signal.Stop(sigs)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	tmp, err := os.MkdirTemp("", "miglint-run-")
	if err != nil {
		return r.refuse("cannot create a temporary directory for the build: %v", err)
	}
	defer os.RemoveAll(tmp)
	r.tmp = tmp

	// Until the migration starts, a signal stops the runner (the build
	// is cancelled; the lint or a prompt is abandoned).
	interruptible := func(step func() int) (int, bool) {
		done := make(chan int, 1)
		go func() { done <- step() }()
		select {
		case code := <-done:
			return code, code == 0
		case s := <-sigs:
			cancel()
			fmt.Fprintf(r.Stderr, "\nmiglint run: %v before %s started; nothing ran\n", s, m.Name)
			return 128 + signalNumber(s), false
		}
	}
	if code, ok := interruptible(func() int { return r.prepare(ctx) }); !ok {
		return code
	}
	if r.Mode == Prod {
		if code, ok := interruptible(r.confirm); !ok {
			return code
		}
	}
	if r.segmented() {
		return r.executeSegments(ctx, sigs)
	}
	lease, err := r.begin(ctx, r.record(0, 0, r.commit()))
	if err != nil {
		return r.refuse("%v", err)
	}
	r.lease = lease
	return r.execute(sigs)
}

// prepare takes the snapshot, checks git for prod, lints and builds, and
// checks the snapshot again. It returns 0 when the binary may run.
func (r *run) prepare(ctx context.Context) int {
	snap, err := takeSnapshot(ctx, r.m)
	if err != nil {
		return r.refuse("%v", err)
	}
	r.snap = snap

	if r.Mode == Prod && !r.AllowDirty {
		dirty, err := dirtyFiles(r.m.Dir, snap.paths())
		if err != nil {
			return r.refuse("%v; a prod run needs the migration committed so that what runs is what was reviewed (--allow-dirty overrides)", err)
		}
		if len(dirty) > 0 {
			return r.refuse("these files have uncommitted changes:\n\t%s\ncommit them first so that what runs in prod is what was reviewed, or pass --allow-dirty", strings.Join(dirty, "\n\t"))
		}
	}

	r.binary = filepath.Join(r.tmp, binaryName(r.m.Name))
	if code := r.gate(ctx); code != 0 {
		return code
	}
	r.hash = r.snap.contentHash()
	return r.checkDryRun(ctx)
}

// confirm asks for the migration's name on a terminal unless Yes.
func (r *run) confirm() int {
	fmt.Fprintf(r.Stderr, "miglint run: %s will run in PROD with %s\n", r.m.Name, describeAWS(r.Env))
	if r.Yes {
		return 0
	}
	if !r.Terminal || r.Stdin == nil {
		return r.refuse("a prod run needs --yes or a typed confirmation, and standard input is not a terminal; pass --yes to run %s in prod", r.m.Name)
	}
	fmt.Fprintf(r.Stderr, "Type the migration's name (%s) to run it in prod: ", r.m.Name)
	line, err := readLine(r.Stdin)
	if strings.TrimSpace(line) != r.m.Name {
		if err != nil && line == "" {
			fmt.Fprintln(r.Stderr)
		}
		return r.refuse("the confirmation %q is not %q; nothing ran", strings.TrimSpace(line), r.m.Name)
	}
	return 0
}

// readLine reads up to a newline, one byte at a time so that nothing
// after it is consumed.
func readLine(rd io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := rd.Read(buf)
		if n == 1 {
			if buf[0] == '\n' {
				return b.String(), nil
			}
			b.WriteByte(buf[0])
		}
		if err != nil {
			return b.String(), err
		}
	}
}

// execute runs the binary, forwarding signals, and reports how it ended.
func (r *run) execute(sigs chan os.Signal) int {
	cmd := exec.Command(r.binary, r.Args...)
	cmd.Dir = r.m.Dir
	cmd.Stdout, cmd.Stderr = r.Stdout, r.Stderr
	if !r.Terminal && r.Stdin != nil {
		cmd.Stdin = r.Stdin
	}
	if r.Mode == Dev {
		cmd.Env = devEnv(r.Env, r.Endpoint, r.tmp)
		warnIfSilent(r.Stderr, r.Endpoint)
	} else {
		cmd.Env = prodEnv(r.Env)
	}
	ownProcessGroup(cmd)

	fmt.Fprintf(r.Stderr, "miglint run: running %s (%s, run %d in the %s ledger)\n", r.m.Name, r.Mode, r.lease.Record().Run, r.Mode)
	start := time.Now()
	fmt.Fprintf(r.Stderr, "Execution Time:    %s\n", migration.FormatTime(start))
	// The parent-death signal goes out when the thread that started the
	// child exits: keep this goroutine on its thread until the child ends.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := cmd.Start(); err != nil {
		r.finish(ExitRefused, nil)
		return r.refuse("cannot start %s: %v", r.binary, err)
	}
	lost := r.lease.Keep(context.Background())

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var waitErr, lostErr error
	var kill <-chan time.Time
wait:
	for {
		select {
		case s := <-sigs:
			if err := forward(cmd.Process, s); err == nil {
				fmt.Fprintf(r.Stderr, "miglint run: passed %v to %s; waiting for it to exit\n", s, r.m.Name)
			}
		case lostErr = <-lost:
			// Another run may be writing now: this one must stop.
			fmt.Fprintf(r.Stderr, "miglint run: %v; stopping %s (SIGTERM, SIGKILL after 10 s) so that two runs never write at once\n", lostErr, r.m.Name)
			forward(cmd.Process, sigTERM)
			kill = time.After(10 * time.Second)
		case <-kill:
			forward(cmd.Process, sigKILL)
		case waitErr = <-done:
			break wait
		}
	}
	end := time.Now()
	fmt.Fprintf(r.Stderr, "Finalization Time: %s\n", migration.FormatTime(end))

	code := exitCode(cmd.ProcessState)
	if waitErr != nil && cmd.ProcessState == nil {
		fmt.Fprintf(r.Stderr, "miglint run: waiting for %s: %v\n", r.m.Name, waitErr)
		code = 1
	}
	ledgerErr := r.finish(code, lostErr)
	if code == 0 && ledgerErr != nil {
		if r.Mode == Prod {
			r.stamp(start, end)
		}
		fmt.Fprintf(r.Stderr, "miglint run: %s succeeded, but the ledger does not record it (above)\n", r.m.Name)
		return ExitStampFailed
	}
	if code != 0 {
		fmt.Fprintf(r.Stderr, "miglint run: %s failed (%s)", r.m.Name, describeExit(cmd.ProcessState, code))
		if r.Mode == Prod {
			fmt.Fprintf(r.Stderr, "; the header of %s is unchanged\n", paths.Display(r.m.HeaderFile))
		} else {
			fmt.Fprintln(r.Stderr)
		}
		return code
	}
	if r.Mode == Dev {
		fmt.Fprintf(r.Stderr, "miglint run: dev run of %s succeeded; only a prod run writes times into the header\n", r.m.Name)
		return 0
	}
	return r.stamp(start, end)
}

// stamp writes the run's times into the header after a successful prod
// run, only if the header file still holds the bytes that were linted,
// built and run: a migration or an editor that changed it during the run
// would otherwise get code that never ran recorded as run.
func (r *run) stamp(start, end time.Time) int {
	file := r.m.HeaderFile
	times := fmt.Sprintf("// Execution Time:    %s\n// Finalization Time: %s\n", migration.FormatTime(start), migration.FormatTime(end))
	err := stampFile(file, r.snap.files[file], start, end)
	if errors.Is(err, errChangedDuringRun) {
		fmt.Fprintf(r.Stderr, "miglint run: %s succeeded, but its header was not written: %s changed while the migration ran, so it no longer holds the bytes that were linted, built and run, and stamping it would record a run of code that never ran. Put these two lines into the header of the version that ran (git diff shows what changed) and commit it:\n%s",
			r.m.Name, paths.Display(file), times)
		return ExitStampFailed
	}
	if err != nil {
		fmt.Fprintf(r.Stderr, "miglint run: %s succeeded, but its header could not be updated: %v\nCopy these two lines into the header of %s by hand and commit it:\n%s",
			r.m.Name, err, paths.Display(file), times)
		return ExitStampFailed
	}
	shown := paths.Display(file)
	fmt.Fprintf(r.Stderr, "miglint run: %s succeeded; wrote its Execution and Finalization Time into %s. Commit it:\n\tgit add %s && git commit -m \"Record the prod run of %s\"\n",
		r.m.Name, shown, shown, r.m.Name)
	return 0
}

// errChangedDuringRun says that the header file no longer holds the bytes
// that ran.
var errChangedDuringRun = errors.New("changed during the run")

// stampFile replaces the header's time values in file, if its bytes still
// hash to ran, atomically: the new text goes to a temporary file in the
// same directory that is then renamed over the old one, so a reader sees
// the old or the new file, never half of one.
func stampFile(file string, ran [sha256.Size]byte, start, end time.Time) error {
	real, err := filepath.EvalSymlinks(file)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(real)
	if err != nil {
		return err
	}
	if sha256.Sum256(src) != ran {
		return errChangedDuringRun
	}
	out, err := migration.Stamp(real, src, start, end)
	if err != nil {
		return err
	}
	return writeAtomic(real, out)
}

func writeAtomic(path string, data []byte) (err error) {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".miglint-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Chmod(st.Mode().Perm()); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a rename durable where the platform allows; failing that
// is not an error (the rename happened).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

func describeExit(ps *os.ProcessState, code int) string {
	if s, ok := killedBy(ps); ok {
		return fmt.Sprintf("killed by %v, exit code %d", s, code)
	}
	return fmt.Sprintf("exit code %d", code)
}

func lookupEnv(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val // the last one wins, as in exec
		}
	}
	return v
}

func binaryName(name string) string {
	if exeSuffix != "" {
		return name + exeSuffix
	}
	return name
}
