//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/dynalitetest"
	"github.com/miglint/miglint/migration"
)

// Tests of the run ledger through the real binary, against two dynalite
// instances: one is the dev endpoint ([runner] dev_endpoint), the other
// stands in for the prod account, reached through AWS_ENDPOINT_URL_DYNAMODB
// and dummy credentials exactly as a user could point the AWS
// configuration at it.

const waitMigration = `// Wait until the file named by MIGLINT_TEST_RELEASE exists, so that the
// test decides how long this run holds its lock.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"fmt"
	"os"
	"time"
)

func main() {
	fmt.Println("pid", os.Getpid())
	fmt.Println("ready")
	release := os.Getenv("MIGLINT_TEST_RELEASE")
	for release != "" {
		if _, err := os.Stat(release); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	fmt.Println("done")
}
`

func printMigration(word string) string {
	return `// Print one word, so that the test can tell whether this migration ran.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import "fmt"

func main() {
	fmt.Println("ran ` + word + `")
}
`
}

// testLease is the fixture's lease_seconds: short, so that the tests of
// expired leases wait little, but long enough that a second run lints
// and reaches the lock within it on a loaded machine.
const testLease = 10 * time.Second

// ledgerFixture is a committed module with a short lease, its dev
// endpoint at dev, and the environment that points prod at prod.
type ledgerFixture struct {
	dir       string
	dev, prod *dynalitetest.Server
	env       []string
}

func newLedgerFixture(t *testing.T) *ledgerFixture {
	t.Helper()
	f := &ledgerFixture{dir: t.TempDir(), dev: dynalitetest.Start(t), prod: dynalitetest.Start(t)}
	writeFiles(t, f.dir, map[string]string{
		"go.mod":           "module example.com/ledgered\n\ngo 1.26.0\n",
		"importrules.toml": fmt.Sprintf("[ledger]\nlease_seconds = %d\n\n", int(testLease/time.Second)) + "[runner]\ndev_endpoint = \"" + f.dev.URL + "\"\n",
		"migrations/0401_wait_for_release/main.go": waitMigration,
		"migrations/0402_print_a_word/main.go":     printMigration("0402"),
	})
	git(t, f.dir, "init", "-q")
	git(t, f.dir, "add", ".")
	git(t, f.dir, "commit", "-q", "-m", "migrations")
	none := filepath.Join(t.TempDir(), "none")
	f.env = runEnv(append(f.prod.Env(), "AWS_CONFIG_FILE="+none, "AWS_SHARED_CREDENTIALS_FILE="+none,
		"XDG_CACHE_HOME="+t.TempDir(), "USER=ann")...)
	return f
}

func (f *ledgerFixture) miglint(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return miglintRun(t, f.dir, f.env, args...)
}

func (f *ledgerFixture) mustRun(t *testing.T, args ...string) string {
	t.Helper()
	stdout, stderr, code := f.miglint(t, args...)
	if code != 0 {
		t.Fatalf("miglint %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, stdout, stderr)
	}
	return stdout + stderr
}

// refused checks that a miglint run exited 3 saying want, and that the
// migration never started.
func refused(t *testing.T, what, stdout, stderr string, code int, want ...string) {
	t.Helper()
	if code != 3 {
		t.Errorf("%s: exit %d, want 3\n%s%s", what, code, stdout, stderr)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("%s: stderr lacks %q:\n%s", what, w, stderr)
		}
	}
	if stdout != "" || execLine.MatchString(stderr) {
		t.Errorf("%s: the migration ran:\n%s%s", what, stdout, stderr)
	}
}

func (f *ledgerFixture) status(t *testing.T, args ...string) []statusRow {
	t.Helper()
	stdout, stderr, code := f.miglint(t, append([]string{"status", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("miglint status --json: exit %d\n%s", code, stderr)
	}
	var rows []statusRow
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("miglint status --json is not JSON (%v):\n%s", err, stdout)
	}
	return rows
}

func lastRun(rows []statusRow, name, env string) *statusRun {
	for _, r := range rows {
		if r.Migration != name {
			continue
		}
		for i := range r.Runs {
			if r.Runs[i].Env == env {
				return &r.Runs[i]
			}
		}
	}
	return nil
}

// TestLedgerDryRunBeforeProd: a prod run needs the prod table, then a
// succeeded dev run of the same bytes; an edit needs a new dry run, and
// --skip-dry-run runs anyway and records why. miglint status shows it
// all, in text and JSON.
func TestLedgerDryRunBeforeProd(t *testing.T) {
	t.Parallel() // each has its own dynalites and module; most of the time is waiting
	f := newLedgerFixture(t)
	const name = "0402_print_a_word"

	stdout, stderr, code := f.miglint(t, "run", "prod", name, "--yes")
	refused(t, "prod without a ledger table", stdout, stderr, code, `the prod ledger table "miglint_ledger" does not exist`, "miglint ledger init prod")

	if out := f.mustRun(t, "ledger", "init", "prod"); !strings.Contains(out, `created the prod ledger table "miglint_ledger"`) {
		t.Errorf("ledger init prod:\n%s", out)
	}
	if out := f.mustRun(t, "ledger", "init", "prod"); !strings.Contains(out, "already exists") {
		t.Errorf("ledger init prod again:\n%s", out)
	}

	stdout, stderr, code = f.miglint(t, "run", "prod", name, "--yes")
	refused(t, "prod without a dry run", stdout, stderr, code, "holds no succeeded dev run of these exact bytes", "miglint run dev "+name, "--skip-dry-run")

	// The dev run creates the dev table, and only there.
	if out := f.mustRun(t, "run", "dev", name); !strings.Contains(out, "ran 0402") {
		t.Fatalf("dev run:\n%s", out)
	}
	rows := f.status(t, "--env", "dev")
	dev := lastRun(rows, name, "dev")
	if dev == nil || dev.State != "succeeded" || dev.ExitCode == nil || *dev.ExitCode != 0 || dev.User != "ann" || dev.MatchesWorkTree == nil || !*dev.MatchesWorkTree || dev.Commit == "" {
		t.Fatalf("status after the dev run: %+v", rows)
	}
	if r := lastRun(f.status(t, "--env", "prod"), name, "prod"); r != nil {
		t.Errorf("the dev run reached the prod ledger: %+v", r)
	}

	out := f.mustRun(t, "run", "prod", name, "--yes")
	if !strings.Contains(out, "ran 0402") || !strings.Contains(out, "dry run: dev run 1 of these bytes succeeded") {
		t.Errorf("prod after the dry run:\n%s", out)
	}
	prod := lastRun(f.status(t), name, "prod")
	if prod == nil || prod.State != "succeeded" || prod.Hash != dev.Hash || prod.SkipDryRun != "" {
		t.Errorf("prod's record: %+v (dev's hash %s)", prod, dev.Hash)
	}
	git(t, f.dir, "commit", "-q", "-am", "Record the prod run")

	// An edit after the dry run: the old dry run no longer counts.
	other := filepath.Join(f.dir, "migrations", "0403_edited_after_dry_run", "main.go")
	writeFiles(t, f.dir, map[string]string{"migrations/0403_edited_after_dry_run/main.go": printMigration("0403")})
	git(t, f.dir, "add", ".")
	git(t, f.dir, "commit", "-q", "-m", "0403")
	f.mustRun(t, "run", "dev", "0403")
	writeFiles(t, f.dir, map[string]string{"migrations/0403_edited_after_dry_run/main.go": strings.Replace(readFile(t, other), `"ran 0403"`, `"ran 0403, edited"`, 1)})
	git(t, f.dir, "commit", "-q", "-am", "edit 0403")
	stdout, stderr, code = f.miglint(t, "run", "prod", "0403", "--yes")
	refused(t, "prod after an edit", stdout, stderr, code, "no succeeded dev run of these exact bytes")
	if _, stderr, code := f.miglint(t, "run", "prod", "0403", "--yes", "--skip-dry-run", " "); code != 2 || !strings.Contains(stderr, "give a reason") {
		t.Errorf("--skip-dry-run without a reason: exit %d\n%s", code, stderr)
	}
	out = f.mustRun(t, "run", "prod", "0403", "--yes", "--skip-dry-run", "the dev data has no such items")
	if !strings.Contains(out, "ran 0403, edited") {
		t.Errorf("prod with --skip-dry-run:\n%s", out)
	}

	rows = f.status(t)
	if r := lastRun(rows, "0403_edited_after_dry_run", "prod"); r == nil || r.SkipDryRun != "the dev data has no such items" || r.State != "succeeded" {
		t.Errorf("the skip reason is not recorded: %+v", r)
	}
	if r := lastRun(rows, "0403_edited_after_dry_run", "dev"); r == nil || r.MatchesWorkTree == nil || *r.MatchesWorkTree {
		t.Errorf("the dev run of the old bytes should not match the work tree: %+v", r)
	}
	var pending *statusRow
	for i := range rows {
		if rows[i].Migration == "0401_wait_for_release" {
			pending = &rows[i]
		}
	}
	if pending == nil || !pending.Pending || !pending.InTree || len(pending.Runs) != 0 {
		t.Errorf("the migration that never ran: %+v", pending)
	}

	// The text table: a row per run, the pending one, exit codes, bytes.
	text := f.mustRun(t, "status")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^MIGRATION\s+ENV\s+STATE\s+WHEN\s+WHO\s+EXIT\s+BYTES$`),
		regexp.MustCompile(`(?m)^0401_wait_for_release\s+-\s+pending\s+never ran\s*$`),
		regexp.MustCompile(`(?m)^0402_print_a_word\s+dev\s+succeeded\s+\d{4}-\d\d-\d\d at \d\d:\d\d:\d\d UTC\s+ann@\S+\s+0\s+changed$`),
		regexp.MustCompile(`(?m)^\s+prod\s+succeeded\s+\d{4}-\d\d-\d\d at \d\d:\d\d:\d\d UTC\s+ann@\S+\s+0\s+changed$`),
		regexp.MustCompile(`(?m)^0403_edited_after_dry_run\s+dev\s+succeeded\s.*\s0\s+changed$`),
		regexp.MustCompile(`(?m)^\s+prod\s+succeeded\s.*\s0\s+changed$`), // the header got its times
		regexp.MustCompile(`(?m)^3 migrations, 1 pending$`),
	} {
		if !want.MatchString(text) {
			t.Errorf("miglint status lacks %s:\n%s", want, text)
		}
	}
	if out := f.mustRun(t, "status", "0402"); strings.Contains(out, "0403") || !strings.Contains(out, "0402_print_a_word") {
		t.Errorf("miglint status 0402:\n%s", out)
	}
}

// TestLedgerConcurrentProd starts two prod runs of one migration at once:
// exactly one runs; the other is refused, naming the holder.
func TestLedgerConcurrentProd(t *testing.T) {
	t.Parallel() // each has its own dynalites and module; most of the time is waiting
	f := newLedgerFixture(t)
	f.mustRun(t, "ledger", "init", "prod")
	f.mustRun(t, "run", "dev", "0401")
	release := filepath.Join(t.TempDir(), "release")
	f.env = append(f.env, "MIGLINT_TEST_RELEASE="+release)

	type result struct {
		pid            int
		code           int
		stdout, stderr string
	}
	results := make(chan result, 2)
	for range 2 {
		cmd := exec.Command(miglintBin, "run", "prod", "0401", "--yes")
		cmd.Dir, cmd.Env = f.dir, f.env
		var out, errb syncBuffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill() })
		go func() {
			cmd.Wait()
			results <- result{cmd.Process.Pid, cmd.ProcessState.ExitCode(), out.String(), errb.String()}
		}()
	}
	var loser result
	select {
	case loser = <-results:
	case <-time.After(2 * time.Minute):
		t.Fatal("neither run was refused within 2 minutes")
	}
	os.WriteFile(release, nil, 0o644)
	var winner result
	select {
	case winner = <-results:
	case <-time.After(time.Minute):
		t.Fatal("the running migration did not end after its release")
	}
	refused(t, "the second prod run", loser.stdout, loser.stderr, loser.code,
		"0401_wait_for_release is already running in prod", fmt.Sprintf("ann@%s, pid %d, since ", hostname(t), winner.pid))
	if winner.code != 0 || strings.Count(winner.stdout, "ready") != 1 || !strings.Contains(winner.stdout, "done") {
		t.Errorf("the first prod run: exit %d\n%s%s", winner.code, winner.stdout, winner.stderr)
	}
}

func hostname(t *testing.T) string {
	h, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// alive reports whether process pid still runs (a zombie does not).
func alive(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return syscall.Kill(pid, 0) == nil
	}
	fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z" && fields[0] != "X"
}

func childPID(t *testing.T, output string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^pid (\d+)$`).FindStringSubmatch(output)
	if m == nil {
		t.Fatalf("the migration did not print its pid:\n%s", output)
	}
	pid, _ := strconv.Atoi(m[1])
	return pid
}

// TestLedgerKilledRun kills miglint with SIGKILL during a prod run: the
// migration dies with it; while the lease lasts the next run is refused
// as running, after it as interrupted, and --rerun runs it.
func TestLedgerKilledRun(t *testing.T) {
	t.Parallel() // each has its own dynalites and module; most of the time is waiting
	f := newLedgerFixture(t)
	f.mustRun(t, "ledger", "init", "prod")
	f.mustRun(t, "run", "dev", "0401")
	waiting := append(f.env[:len(f.env):len(f.env)], "MIGLINT_TEST_RELEASE="+filepath.Join(t.TempDir(), "never"))

	cmd, output := startRunEnv(t, f.dir, waiting, "run", "prod", "0401", "--yes")
	child := childPID(t, output())
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for alive(child) {
		if time.Now().After(deadline) {
			t.Fatalf("the migration (pid %d) still runs 10 s after miglint was killed", child)
		}
		time.Sleep(20 * time.Millisecond)
	}

	stdout, stderr, code := f.miglint(t, "run", "prod", "0401", "--yes")
	refused(t, "a run while the dead run's lease lasts", stdout, stderr, code, "is already running in prod", fmt.Sprintf("pid %d", cmd.Process.Pid))
	time.Sleep(testLease)

	stdout, stderr, code = f.miglint(t, "run", "prod", "0401", "--yes")
	refused(t, "a run after the lease expired", stdout, stderr, code,
		"the last run of 0401_wait_for_release in prod was interrupted: run 1 by ann@", fmt.Sprintf("pid %d", cmd.Process.Pid), "--rerun")
	text := f.mustRun(t, "status", "--env", "prod")
	if !regexp.MustCompile(`(?m)^0401_wait_for_release\s+prod\s+INTERRUPTED !\s+since `).MatchString(text) || !strings.Contains(text, "1 INTERRUPTED") {
		t.Errorf("status does not show the interrupted run:\n%s", text)
	}
	stdout, stderr, code = f.miglint(t, "run", "prod", "0401", "--yes")
	refused(t, "a second run after the interruption", stdout, stderr, code, "was interrupted")

	out := f.mustRun(t, "run", "prod", "0401", "--yes", "--rerun")
	if !strings.Contains(out, "done") {
		t.Errorf("--rerun:\n%s", out)
	}
	if r := lastRun(f.status(t, "--env", "prod"), "0401_wait_for_release", "prod"); r == nil || r.State != "succeeded" || r.Run != 3 {
		t.Errorf("after --rerun: %+v", r)
	}
}

// TestLedgerPausedHolder stops a prod run (miglint and its migration, as a
// laptop's lid would) past its lease; a rerun takes over meanwhile. Woken,
// the paused miglint finds its lock gone, stops its migration, and leaves
// the newer run's record alone.
func TestLedgerPausedHolder(t *testing.T) {
	t.Parallel() // each has its own dynalites and module; most of the time is waiting
	f := newLedgerFixture(t)
	f.mustRun(t, "ledger", "init", "prod")
	f.mustRun(t, "run", "dev", "0401")
	waiting := append(f.env[:len(f.env):len(f.env)], "MIGLINT_TEST_RELEASE="+filepath.Join(t.TempDir(), "never"))

	cmd, output := startRunEnv(t, f.dir, waiting, "run", "prod", "0401", "--yes")
	child := childPID(t, output())
	syscall.Kill(cmd.Process.Pid, syscall.SIGSTOP)
	syscall.Kill(child, syscall.SIGSTOP)
	time.Sleep(testLease + 500*time.Millisecond)

	if out := f.mustRun(t, "run", "prod", "0401", "--yes", "--rerun"); !strings.Contains(out, "done") {
		t.Fatalf("the rerun:\n%s", out)
	}
	syscall.Kill(child, syscall.SIGCONT)
	syscall.Kill(cmd.Process.Pid, syscall.SIGCONT)
	code := exitOf(t, cmd)
	out := output()
	if code == 0 || !strings.Contains(out, "run 1 of 0401_wait_for_release in prod lost its lock: its lease expired and run 3 (ann@") || !strings.Contains(out, "stopping 0401_wait_for_release") {
		t.Errorf("the woken run: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "done") {
		t.Errorf("the woken run's migration went on to the end:\n%s", out)
	}
	if r := lastRun(f.status(t, "--env", "prod"), "0401_wait_for_release", "prod"); r == nil || r.State != "succeeded" || r.Run != 3 {
		t.Errorf("the paused holder overwrote the newer run: %+v", r)
	}
}

// TestLedgerUnusable: a ledger table that is missing, unreachable or of
// another shape refuses the run (exit 3) with what to do; nothing runs.
func TestLedgerUnusable(t *testing.T) {
	t.Parallel() // each has its own dynalites and module; most of the time is waiting
	f := newLedgerFixture(t)
	f.mustRun(t, "ledger", "init", "prod")
	f.mustRun(t, "run", "dev", "0402")

	stdout, stderr, code := f.miglint(t, "run", "dev", "0402", "--endpoint", "http://127.0.0.1:1")
	refused(t, "dev ledger unreachable", stdout, stderr, code, `cannot reach the dev ledger (table "miglint_ledger" at http://127.0.0.1:1)`, "dev_endpoint")

	unreachable := append(f.env[:len(f.env):len(f.env)], "AWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:1")
	stdout, stderr, code = miglintRun(t, f.dir, unreachable, "run", "prod", "0402", "--yes")
	refused(t, "prod ledger unreachable", stdout, stderr, code, "cannot reach the prod ledger", "AWS_REGION")

	other := dynalitetest.Start(t)
	other.CreateTable(t, "miglint_ledger") // keyed by "id"
	stdout, stderr, code = f.miglint(t, "run", "dev", "0402", "--endpoint", other.URL)
	refused(t, "wrong schema", stdout, stderr, code, `table "miglint_ledger" at `+other.URL+" is not a miglint ledger: its key is id (S, hash)", "[ledger] table")

	if _, stderr, code := f.miglint(t, "status", "--env", "prod", "--json"); code != 0 || stderr != "" {
		t.Errorf("status of a usable prod ledger: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := miglintRun(t, f.dir, unreachable, "status", "--env", "prod"); code != 3 || !strings.Contains(stderr, "cannot reach the prod ledger") {
		t.Errorf("status of an unreachable prod ledger: exit %d\n%s", code, stderr)
	}
}

// TestLedgerSegments: each segment is a run of its own in the ledger. A
// killed segmented dev run leaves both segments interrupted, and a new
// run is refused (naming the command that reruns a segment) until
// --rerun. A segmented prod run needs a segmented dry run; a second run
// of a running segment is refused, and so is a run of all segments,
// before any starts. A prod run of one segment leaves the header alone
// until the run of the last one missing stamps it, with the first start
// and the last end the ledger holds. miglint status shows it all.
func TestLedgerSegments(t *testing.T) {
	t.Parallel() // each has its own dynalites and module; most of the time is waiting
	f := newLedgerFixture(t)
	f.mustRun(t, "ledger", "init", "prod")
	const name = "0401_wait_for_release"
	release := filepath.Join(t.TempDir(), "release")
	waiting := append(f.env[:len(f.env):len(f.env)], "MIGLINT_TEST_RELEASE="+release)

	cmd, _ := startRunEnv(t, f.dir, waiting, "run", "dev", "0401", "--segments", "2")
	time.Sleep(500 * time.Millisecond) // both segments start at once; startRunEnv saw one
	cmd.Process.Kill()
	cmd.Wait()
	time.Sleep(testLease)
	stdout, stderr, code := f.miglint(t, "run", "dev", "0401", "--segments", "2")
	refused(t, "a segmented run after a killed one", stdout, stderr, code,
		"the last run of "+name+" in dev (segment 0 of 2) was interrupted", "miglint run dev "+name+" --segments 2 --segment 0 --rerun")
	text := f.mustRun(t, "status", "--env", "dev")
	if !regexp.MustCompile(`(?m)^` + name + `\s+dev\s+INTERRUPTED ! 0/2 segments succeeded; interrupted: 0, 1\s+since `).MatchString(text) {
		t.Errorf("status does not show the interrupted segments:\n%s", text)
	}
	f.mustRun(t, "run", "dev", "0401", "--segments", "2", "--rerun")

	// A dry run in one piece, newer, is not the dry run of a segmented
	// prod run; the segmented one before it is.
	f.mustRun(t, "run", "dev", "0401")
	out := f.mustRun(t, "run", "prod", "0401", "--yes", "--segments", "2", "--segment", "1")
	if !regexp.MustCompile(`dry run: dev run \d+ of these bytes succeeded in 2 segments`).MatchString(out) {
		t.Errorf("the segmented prod run does not name its segmented dry run:\n%s", out)
	}
	f.mustRun(t, "run", "dev", "0402")
	stdout, stderr, code = f.miglint(t, "run", "prod", "0402", "--yes", "--segments", "2")
	refused(t, "segmented prod after a dry run in one piece", stdout, stderr, code,
		"holds no succeeded dev run in segments, every one of which succeeded, of these exact bytes", "run miglint run dev 0402_print_a_word --segments 2 first")
	if !strings.Contains(out, "1 of 2 segments of these bytes have (not yet: segment 0)") {
		t.Errorf("prod run of segment 1:\n%s", out)
	}

	// Segment 0 holds its lock while it waits for the release.
	cmd, output := startRunEnv(t, f.dir, waiting, "run", "prod", "0401", "--yes", "--segments", "2", "--segment", "0")
	for _, args := range [][]string{{"--segment", "0"}, {}} {
		stdout, stderr, code := miglintRun(t, f.dir, waiting, append([]string{"run", "prod", "0401", "--yes", "--segments", "2", "--rerun"}, args...)...)
		refused(t, fmt.Sprintf("prod run %v while segment 0 runs", args), stdout, stderr, code,
			name+" is already running in prod (segment 0 of 2): run ", fmt.Sprintf("ann@%s, pid %d, since ", hostname(t), cmd.Process.Pid))
	}
	running := lastRun(f.status(t, "--env", "prod"), name, "prod")
	if running == nil || running.State != "running" || running.Segments == nil || !slices.Equal(running.Segments.Running, []int{0}) || running.Segments.Succeeded != 1 || running.End != nil {
		t.Errorf("status while segment 0 runs: %+v", running)
	}
	header := filepath.Join(f.dir, "migrations", name, "main.go")
	if text := readFile(t, header); text != waitMigration {
		t.Fatalf("the header changed before the last segment ended:\n%s", text)
	}
	os.WriteFile(release, nil, 0o644)
	if code := exitOf(t, cmd); code != 0 || !strings.Contains(output(), "the last of its 2 segments in the prod ledger") {
		t.Fatalf("the last segment: exit %d\n%s", code, output())
	}

	prod := lastRun(f.status(t, "--env", "prod"), name, "prod")
	if prod == nil || prod.State != "succeeded" || prod.Segments == nil || prod.Segments.Total != 2 || prod.Segments.Succeeded != 2 ||
		len(prod.SegmentRuns) != 2 || prod.ExitCode == nil || *prod.ExitCode != 0 || prod.End == nil {
		t.Fatalf("status after both segments: %+v", prod)
	}
	first, last := prod.SegmentRuns[1], prod.SegmentRuns[0] // segment 1 ran first
	if !prod.Start.Equal(first.Start) || !prod.End.Equal(*last.End) {
		t.Errorf("the run's start %v and end %v are not segment 1's start %v and segment 0's end %v", prod.Start, *prod.End, first.Start, *last.End)
	}
	text = readFile(t, header)
	for _, want := range []string{"// Execution Time:    " + migration.FormatTime(first.Start), "// Finalization Time: " + migration.FormatTime(*last.End)} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("the header lacks %q:\n%s", want, text)
		}
	}
	text = f.mustRun(t, "status", name)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^` + name + `\s+dev\s+succeeded\s+\d{4}-\d\d-\d\d at .*\s0\s+changed$`), // the newer run in one piece
		regexp.MustCompile(`(?m)^\s+prod\s+2/2 segments succeeded\s+\d{4}-\d\d-\d\d at \d\d:\d\d:\d\d UTC\s+ann@\S+\s+0\s+changed$`),
	} {
		if !want.MatchString(text) {
			t.Errorf("miglint status lacks %s:\n%s", want, text)
		}
	}
}

// TestLedgerPausedSegment is TestLedgerPausedHolder for one segment: the
// woken miglint finds the segment's lock taken over, stops the segment,
// and leaves the newer run's record alone.
func TestLedgerPausedSegment(t *testing.T) {
	t.Parallel() // each has its own dynalites and module; most of the time is waiting
	f := newLedgerFixture(t)
	const name = "0401_wait_for_release"
	waiting := append(f.env[:len(f.env):len(f.env)], "MIGLINT_TEST_RELEASE="+filepath.Join(t.TempDir(), "never"))

	cmd, output := startRunEnv(t, f.dir, waiting, "run", "dev", "0401", "--segments", "2", "--segment", "1")
	m := regexp.MustCompile(`(?m)^\[segment 1\] pid (\d+)$`).FindStringSubmatch(output())
	if m == nil {
		t.Fatalf("the segment did not print its pid:\n%s", output())
	}
	child, _ := strconv.Atoi(m[1])
	syscall.Kill(cmd.Process.Pid, syscall.SIGSTOP)
	syscall.Kill(child, syscall.SIGSTOP)
	time.Sleep(testLease + 500*time.Millisecond)

	if out := f.mustRun(t, "run", "dev", "0401", "--segments", "2", "--segment", "1", "--rerun"); !strings.Contains(out, "[segment 1] done") {
		t.Fatalf("the rerun:\n%s", out)
	}
	syscall.Kill(child, syscall.SIGCONT)
	syscall.Kill(cmd.Process.Pid, syscall.SIGCONT)
	code := exitOf(t, cmd)
	out := output()
	if code == 0 || !strings.Contains(out, "run 1 of "+name+" in dev (segment 1 of 2) lost its lock: its lease expired and run 3 (ann@") || !strings.Contains(out, "stopping segment 1 of "+name) {
		t.Errorf("the woken run: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "done") {
		t.Errorf("the woken run's segment went on to the end:\n%s", out)
	}
	r := lastRun(f.status(t, "--env", "dev"), name, "dev")
	if r == nil || r.Segments == nil || len(r.SegmentRuns) != 1 || r.SegmentRuns[0].Segment != 1 || r.SegmentRuns[0].Run != 3 || r.SegmentRuns[0].State != "succeeded" {
		t.Errorf("the paused holder overwrote the newer run of segment 1: %+v", r)
	}
}
