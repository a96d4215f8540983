package runner

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miglint/miglint/internal/paths"
	"github.com/miglint/miglint/ledger"
	"github.com/miglint/miglint/migration"
	"github.com/miglint/miglint/segment"
)

// Segments split a run into parallel-scan segments: N child processes of
// the one binary that linted clean, each with exactly the environment an
// AWS Batch array child gets (segment.EnvIndex and segment.EnvTotal), so
// that a migration reading segment.FromEnv behaves the same on this
// machine as in an array job.
//
// The zero value is an ordinary, unsegmented run.
type Segments struct {
	// Total is N, from 2 to segment.MaxTotal; 0 means unsegmented.
	Total int
	// Parallel is how many segments run at once; 0 means all of them.
	Parallel int
	// Single runs segment Index alone (to retry a failed segment).
	Single bool
	Index  int
	// FromEnv runs the one segment the runner's own environment names,
	// as an AWS Batch array child does: segment.FromEnv on Env.
	FromEnv bool
}

// EnvContentHash and EnvCommit are set by miglint batch in the job's
// environment: the content hash of the bytes that linted clean and the
// commit they come from. A segment run that finds EnvContentHash
// refuses to run other bytes.
const (
	EnvContentHash = "MIGLINT_CONTENT_HASH"
	EnvCommit      = "MIGLINT_COMMIT"
)

// segmented reports whether the run is split into segments.
func (r *run) segmented() bool {
	return r.Segments.Total > 0 || r.Segments.FromEnv
}

// checkSegments validates the segment options before anything else, and
// for FromEnv reads the segment from the environment.
func (r *run) checkSegments() int {
	s := &r.Segments
	if s.FromEnv {
		if s.Total != 0 || s.Single || s.Parallel != 0 {
			return r.usage("--segment-from-env reads the segment from %s and %s; it does not go with --segments, --segment or --parallel", segment.EnvIndex, segment.EnvTotal)
		}
		seg, err := segment.Lookup(envLookup(r.Env))
		if err != nil {
			return r.usage("--segment-from-env: %v", err)
		}
		s.Total, s.Single, s.Index = int(seg.Total), true, int(seg.Index)
		if lookupEnv(r.Env, EnvContentHash) != "" {
			// The bytes must hash to what miglint batch linted, committed,
			// on the author's machine (executeSegments checks): a stronger
			// test than git status, and an image need not hold .git.
			r.AllowDirty = true
		}
		return 0
	}
	if s.Total == 0 {
		if s.Single || s.Parallel != 0 {
			return r.usage("--segment and --parallel need --segments N")
		}
		return 0
	}
	if s.Total < 2 || s.Total > segment.MaxTotal {
		return r.usage("--segments %d: want 2 to %d segments (an AWS Batch array job has at most %d children); leave it out to run one process", s.Total, segment.MaxTotal, segment.MaxTotal)
	}
	if s.Parallel < 0 {
		return r.usage("--parallel %d: want at least 1", s.Parallel)
	}
	if s.Single && (s.Index < 0 || s.Index >= s.Total) {
		return r.usage("--segment %d: segments of --segments %d are numbered 0 to %d", s.Index, s.Total, s.Total-1)
	}
	return 0
}

// envLookup is os.LookupEnv on an environment list: the last setting
// of key wins, as in exec.
func envLookup(env []string) func(string) (string, bool) {
	return func(key string) (v string, ok bool) {
		for _, kv := range env {
			if k, val, found := strings.Cut(kv, "="); found && k == key {
				v, ok = val, true
			}
		}
		return v, ok
	}
}

// segmentRun is how one segment's process ended.
type segmentRun struct {
	index      int
	refused    bool // the ledger refused its lock (said above); it did not start
	started    bool
	unrecorded bool // it ran, but the ledger could not record its end
	start, end time.Time
	code       int
	state      *os.ProcessState
}

// executeSegments runs the segments (all of them, at most Parallel at
// once, or the single one), forwarding signals to every running one.
// Each segment is a run of its own in the ledger, under its own lock
// (ledger.Key.Segment), taken just before it starts. The migration
// succeeds when every segment has; the header is stamped, with the first
// start and the last end, after a prod run of every segment, or of the
// last one missing (finishSegments).
func (r *run) executeSegments(ctx context.Context, sigs chan os.Signal) int {
	s := r.Segments
	if want := lookupEnv(r.Env, EnvContentHash); want != "" && r.hash != want {
		return r.refuse("%s=%s, but the bytes here hash to %s: this is not what miglint batch linted (an image built from another commit?); nothing ran", EnvContentHash, want, r.hash)
	}
	var indexes []int
	if s.Single {
		indexes = []int{s.Index}
	} else {
		for i := range s.Total {
			indexes = append(indexes, i)
		}
	}
	// A segment held by a live run or interrupted refuses the whole run
	// before any segment starts; Begin still decides, segment by segment.
	for _, i := range indexes {
		if err := r.ready(ctx, i, s.Total); err != nil {
			return r.refuse("%v", err)
		}
	}
	parallel := s.Parallel
	if parallel <= 0 || parallel > len(indexes) {
		parallel = len(indexes)
	}
	if r.Mode == Dev {
		warnIfSilent(r.Stderr, r.Endpoint)
	}
	fmt.Fprintf(r.Stderr, "miglint run: running %s (%s) as %s, %d at once\n", r.m.Name, r.Mode, describeSegments(indexes, s.Total), parallel)

	out := &lockedWriter{w: r.Stdout}
	errOut := &lockedWriter{w: r.Stderr}
	if r.Stdout == r.Stderr {
		errOut = out
	}
	commit := r.commit()
	var (
		mu      sync.Mutex
		running = map[int]*os.Process{}
		stopped os.Signal // set once a signal arrived: start no more segments
		results = make([]*segmentRun, len(indexes))
		wg      sync.WaitGroup
		slots   = make(chan struct{}, parallel)
	)
	stopForwarding := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-sigs:
				mu.Lock()
				stopped = sig
				for i, p := range running {
					if err := forward(p, sig); err == nil {
						fmt.Fprintf(errOut, "miglint run: passed %v to segment %d; waiting for it to exit\n", sig, i)
					}
				}
				mu.Unlock()
			case <-stopForwarding:
				return
			}
		}
	}()

	for n, i := range indexes {
		slots <- struct{}{}
		mu.Lock()
		halt := stopped != nil
		mu.Unlock()
		if halt {
			<-slots
			results[n] = &segmentRun{index: i}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			res := r.runSegment(ctx, i, commit, out, errOut, func(p *os.Process) {
				mu.Lock()
				running[i] = p
				mu.Unlock()
			})
			mu.Lock()
			delete(running, i)
			mu.Unlock()
			results[n] = res
		}()
	}
	wg.Wait()
	close(stopForwarding)
	return r.finishSegments(ctx, results)
}

// runSegment takes segment i's lock in the ledger, runs the segment
// while renewing the lease, and records how it ended; started is called
// with its process once it runs.
func (r *run) runSegment(ctx context.Context, i int, commit string, stdout, stderr io.Writer, started func(*os.Process)) *segmentRun {
	res := &segmentRun{index: i}
	what := fmt.Sprintf("segment %d of %s", i, r.m.Name)
	lease, err := r.begin(ctx, r.record(i, r.Segments.Total, commit))
	if err != nil {
		fmt.Fprintf(stderr, "miglint run: refused: segment %d: %v\n", i, err)
		res.refused, res.code = true, ExitRefused
		return res
	}
	cmd := exec.Command(r.binary, r.Args...)
	cmd.Dir = r.m.Dir
	prefix := fmt.Sprintf("[segment %d] ", i)
	o, e := &prefixWriter{w: stdout, prefix: prefix}, &prefixWriter{w: stderr, prefix: prefix}
	cmd.Stdout, cmd.Stderr = o, e
	// Standard input goes to no segment: N processes cannot share it.
	var env []string
	if r.Mode == Dev {
		env = devEnv(r.Env, r.Endpoint, r.tmp)
	} else {
		env = prodEnv(r.Env)
	}
	env = withoutVars(env, segment.EnvIndex, segment.EnvTotal)
	cmd.Env = append(env, segment.Segment{Index: int32(i), Total: int32(r.Segments.Total)}.Env()...)
	ownProcessGroup(cmd)

	// The parent-death signal goes out when the thread that started the
	// child exits: keep this goroutine on its thread until the child ends.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	res.start = time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "miglint run: cannot start segment %d: %v\n", i, err)
		r.finishRun(lease, ExitRefused, nil, stderr, what)
		res.code = ExitRefused
		return res
	}
	res.started = true
	started(cmd.Process)
	fmt.Fprintf(stderr, "miglint run: segment %d of %d started at %s (run %d in the %s ledger)\n", i, r.Segments.Total, migration.FormatTime(res.start), lease.Record().Run, r.Mode)
	exited := make(chan struct{})
	lostErr := make(chan error, 1)
	go func() { lostErr <- stopWhenLost(lease.Keep(context.Background()), exited, cmd.Process, stderr, what) }()
	waitErr := cmd.Wait()
	close(exited)
	lost := <-lostErr
	res.end = time.Now()
	o.flush()
	e.flush()
	res.state = cmd.ProcessState
	res.code = exitCode(cmd.ProcessState)
	if waitErr != nil && cmd.ProcessState == nil {
		fmt.Fprintf(stderr, "miglint run: waiting for segment %d: %v\n", i, waitErr)
		res.code = 1
	}
	res.unrecorded = r.finishRun(lease, res.code, lost, stderr, what) != nil
	verdict := "succeeded"
	if res.code != 0 {
		verdict = "failed (" + describeExit(cmd.ProcessState, res.code) + ")"
	}
	fmt.Fprintf(stderr, "miglint run: segment %d of %d %s after %s\n", i, r.Segments.Total, verdict, res.end.Sub(res.start).Round(time.Millisecond))
	return res
}

// stopWhenLost stops process p, SIGTERM and SIGKILL 10 s later, when its
// run loses its lock (another run may be writing now), until exited
// closes. It returns the loss, or nil.
func stopWhenLost(lost <-chan error, exited <-chan struct{}, p *os.Process, w io.Writer, what string) error {
	select {
	case err := <-lost:
		fmt.Fprintf(w, "miglint run: %v; stopping %s (SIGTERM, SIGKILL after 10 s) so that two runs never write at once\n", err, what)
		forward(p, sigTERM)
		select {
		case <-time.After(10 * time.Second):
			forward(p, sigKILL)
		case <-exited:
		}
		return err
	case <-exited:
		return nil
	}
}

// finishSegments prints the times, names the segments to run again, and
// after a prod run stamps the header once every segment of these bytes
// has succeeded: all of them here, or, for a single segment, all in the
// ledger.
func (r *run) finishSegments(ctx context.Context, results []*segmentRun) int {
	var first, last time.Time
	var failed, notRun, refused []string
	code, unrecorded := 0, false
	for _, res := range results {
		if res.refused {
			refused = append(refused, strconv.Itoa(res.index))
			code = cmp.Or(code, ExitRefused)
			continue
		}
		if !res.started {
			notRun = append(notRun, strconv.Itoa(res.index))
			code = cmp.Or(code, ExitRefused)
			continue
		}
		unrecorded = unrecorded || res.unrecorded
		if first.IsZero() || res.start.Before(first) {
			first = res.start
		}
		if res.end.After(last) {
			last = res.end
		}
		if res.code != 0 {
			failed = append(failed, strconv.Itoa(res.index))
			if code == 0 || code == ExitRefused {
				code = res.code
			}
		}
	}
	if !first.IsZero() {
		fmt.Fprintf(r.Stderr, "Execution Time:    %s\n", migration.FormatTime(first))
		fmt.Fprintf(r.Stderr, "Finalization Time: %s\n", migration.FormatTime(last))
	}
	if len(failed)+len(notRun)+len(refused) > 0 {
		if len(failed) > 0 {
			fmt.Fprintf(r.Stderr, "miglint run: %s failed: segment %s\n", r.m.Name, strings.Join(failed, ", "))
		}
		if len(notRun) > 0 {
			fmt.Fprintf(r.Stderr, "miglint run: %s: segment %s did not start\n", r.m.Name, strings.Join(notRun, ", "))
		}
		if len(refused) > 0 {
			fmt.Fprintf(r.Stderr, "miglint run: %s: the ledger refused segment %s (above)\n", r.m.Name, strings.Join(refused, ", "))
		}
		if again := append(failed, notRun...); len(again) > 0 {
			fmt.Fprintf(r.Stderr, "Run each of them again alone, e.g.:\n\tmiglint run %s %s --segments %d --segment %s\n",
				r.Mode, r.m.Name, r.Segments.Total, again[0])
		}
		if r.Mode == Prod {
			fmt.Fprintf(r.Stderr, "The header of %s is unchanged.\n", paths.Display(r.m.HeaderFile))
		}
		return code
	}
	code = 0
	switch {
	case r.Mode == Dev:
		fmt.Fprintf(r.Stderr, "miglint run: dev run of %s succeeded in %s; only a prod run writes times into the header\n", r.m.Name, describeSegments(segmentIndexes(results), r.Segments.Total))
	case r.Segments.Single:
		code = r.stampFromLedger(ctx)
	default:
		code = r.stampSegments(first, last)
	}
	if unrecorded {
		fmt.Fprintf(r.Stderr, "miglint run: %s succeeded, but the ledger does not record every segment's end (above)\n", r.m.Name)
		return ExitStampFailed
	}
	return code
}

// stampFromLedger stamps the header after a prod run of one segment when
// the ledger shows that every segment of these bytes, in this many
// segments, has succeeded (this one the last): Execution Time of the
// first start it holds, Finalization Time of the last end.
func (r *run) stampFromLedger(ctx context.Context) int {
	total := r.Segments.Total
	var first, last time.Time
	var missing []string
	for i := range total {
		rec, err := r.ledger.Last(ctx, r.key(i))
		if err != nil {
			fmt.Fprintf(r.Stderr, "miglint run: segment %d of %d of %s succeeded, but %v; the header is unchanged\n", r.Segments.Index, total, r.m.Name, err)
			return ExitStampFailed
		}
		if rec == nil || rec.State != ledger.Succeeded || rec.Hash != r.hash || rec.Segments != total {
			missing = append(missing, strconv.Itoa(i))
			continue
		}
		if first.IsZero() || rec.Start.Before(first) {
			first = rec.Start
		}
		if rec.End.After(last) {
			last = rec.End
		}
	}
	if len(missing) > 0 {
		fmt.Fprintf(r.Stderr, "miglint run: segment %d of %d of %s succeeded; %d of %d segments of these bytes have (not yet: segment %s), and the header gets its times once all have\n",
			r.Segments.Index, total, r.m.Name, total-len(missing), total, strings.Join(missing, ", "))
		return 0
	}
	fmt.Fprintf(r.Stderr, "miglint run: segment %d of %d of %s succeeded, the last of its %d segments in the %s ledger: first start, last end\n", r.Segments.Index, total, r.m.Name, total, r.Mode)
	fmt.Fprintf(r.Stderr, "Execution Time:    %s\nFinalization Time: %s\n", migration.FormatTime(first), migration.FormatTime(last))
	if r.Segments.FromEnv {
		// A child of a miglint batch job: its copy of the header is the
		// image's, not the author's.
		fmt.Fprintf(r.Stderr, "miglint run: copy these two lines into the header of %s and commit it\n", r.m.Name)
		return 0
	}
	return r.stampSegments(first, last)
}

// stampSegments stamps the header with the times of a segmented run,
// unless any file of the migration changed since it was linted: the
// header must hold the times of the bytes that ran.
func (r *run) stampSegments(first, last time.Time) int {
	now, err := r.snap.again()
	var changed []string
	if err == nil {
		changed = r.snap.changed(now)
	}
	if err != nil || len(changed) > 0 {
		why := fmt.Sprint(err)
		if err == nil {
			why = "these files changed since it was linted: " + strings.Join(changed, ", ")
		}
		fmt.Fprintf(r.Stderr, "miglint run: %s succeeded, but its header is not stamped (%s). Once the header holds the bytes that ran, copy these two lines into it:\n// Execution Time:    %s\n// Finalization Time: %s\n",
			r.m.Name, why, migration.FormatTime(first), migration.FormatTime(last))
		return ExitStampFailed
	}
	return r.stamp(first, last)
}

func segmentIndexes(results []*segmentRun) []int {
	var out []int
	for _, res := range results {
		out = append(out, res.index)
	}
	return out
}

func describeSegments(indexes []int, total int) string {
	if len(indexes) == 1 {
		return fmt.Sprintf("segment %d of %d", indexes[0], total)
	}
	return fmt.Sprintf("%d segments", total)
}

// withoutVars returns env without the variables named keys.
func withoutVars(env []string, keys ...string) []string {
	var out []string
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, key := range keys {
			drop = drop || k == key
		}
		if !drop {
			out = append(out, kv)
		}
	}
	return out
}

// lockedWriter lets several segments write whole lines to one writer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// prefixWriter writes each complete line with a prefix, so that the
// output of segments running at once can be told apart; flush writes
// what is left of a last line without a newline.
type prefixWriter struct {
	w      io.Writer
	prefix string
	buf    []byte
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.buf = append(p.buf, b...)
	for {
		i := bytes.IndexByte(p.buf, '\n')
		if i < 0 {
			return len(b), nil
		}
		line := append([]byte(p.prefix), p.buf[:i+1]...)
		p.buf = p.buf[i+1:]
		if _, err := p.w.Write(line); err != nil {
			return len(b), err
		}
	}
}

func (p *prefixWriter) flush() {
	if len(p.buf) > 0 {
		p.w.Write(append(append([]byte(p.prefix), p.buf...), '\n'))
		p.buf = nil
	}
}
