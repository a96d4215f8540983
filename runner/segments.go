package runner

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/miglint/miglint/internal/paths"

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
	started    bool
	start, end time.Time
	code       int
	state      *os.ProcessState
}

// executeSegments runs the segments (all of them, at most Parallel at
// once, or the single one), forwarding signals to every running one. The
// migration succeeds when every segment has; the header is stamped only
// when this run ran all of them, with the first start and the last end.
func (r *run) executeSegments(sigs chan os.Signal) int {
	s := r.Segments
	var indexes []int
	if s.Single {
		indexes = []int{s.Index}
	} else {
		for i := range s.Total {
			indexes = append(indexes, i)
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
			// ledger: segment i records itself here as its own run (lock per
			// migration, environment and segment; content hash, commit, start).
			res := r.runSegment(i, out, errOut, func(p *os.Process) {
				mu.Lock()
				running[i] = p
				mu.Unlock()
			})
			mu.Lock()
			delete(running, i)
			mu.Unlock()
			// ledger: segment i records its end here (exit code, state).
			results[n] = res
		}()
	}
	wg.Wait()
	close(stopForwarding)
	return r.finishSegments(results)
}

// runSegment runs segment i and waits for it; started is called with its
// process once it runs.
func (r *run) runSegment(i int, stdout, stderr io.Writer, started func(*os.Process)) *segmentRun {
	res := &segmentRun{index: i}
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

	res.start = time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "miglint run: cannot start segment %d: %v\n", i, err)
		res.code = ExitRefused
		return res
	}
	res.started = true
	started(cmd.Process)
	fmt.Fprintf(stderr, "miglint run: segment %d of %d started at %s\n", i, r.Segments.Total, migration.FormatTime(res.start))
	waitErr := cmd.Wait()
	res.end = time.Now()
	o.flush()
	e.flush()
	res.state = cmd.ProcessState
	res.code = exitCode(cmd.ProcessState)
	if waitErr != nil && cmd.ProcessState == nil {
		fmt.Fprintf(stderr, "miglint run: waiting for segment %d: %v\n", i, waitErr)
		res.code = 1
	}
	verdict := "succeeded"
	if res.code != 0 {
		verdict = "failed (" + describeExit(cmd.ProcessState, res.code) + ")"
	}
	fmt.Fprintf(stderr, "miglint run: segment %d of %d %s after %s\n", i, r.Segments.Total, verdict, res.end.Sub(res.start).Round(time.Millisecond))
	return res
}

// finishSegments prints the times, names the segments to run again, and
// stamps the header after a prod run of every segment that succeeded.
func (r *run) finishSegments(results []*segmentRun) int {
	var first, last time.Time
	var failed, notRun []string
	code := 0
	for _, res := range results {
		if !res.started {
			notRun = append(notRun, strconv.Itoa(res.index))
			if code == 0 {
				code = ExitRefused
			}
			continue
		}
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
	if len(failed)+len(notRun) > 0 {
		if len(failed) > 0 {
			fmt.Fprintf(r.Stderr, "miglint run: %s failed: segment %s\n", r.m.Name, strings.Join(failed, ", "))
		}
		if len(notRun) > 0 {
			fmt.Fprintf(r.Stderr, "miglint run: %s: segment %s did not start\n", r.m.Name, strings.Join(notRun, ", "))
		}
		fmt.Fprintf(r.Stderr, "Run each of them again alone, e.g.:\n\tmiglint run %s %s --segments %d --segment %s\n",
			r.Mode, r.m.Name, r.Segments.Total, append(failed, notRun...)[0])
		if r.Mode == Prod {
			fmt.Fprintf(r.Stderr, "The header of %s is unchanged.\n", paths.Display(r.m.HeaderFile))
		}
		return code
	}
	switch {
	case r.Mode == Dev:
		fmt.Fprintf(r.Stderr, "miglint run: dev run of %s succeeded in %s; only a prod run writes times into the header\n", r.m.Name, describeSegments(segmentIndexes(results), r.Segments.Total))
		return 0
	case r.Segments.Single:
		// ledger: once the ledger shows every segment of this content hash
		// succeeded, stamp here with the first start and the last end it holds.
		fmt.Fprintf(r.Stderr, "miglint run: segment %d of %d of %s succeeded; the header gets its times from a run of every segment (miglint run prod %s --segments %d), and is unchanged\n",
			r.Segments.Index, r.Segments.Total, r.m.Name, r.m.Name, r.Segments.Total)
		return 0
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
