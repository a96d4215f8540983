package runner

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// segmentMigration writes, into the directory MIGLINT_TEST_MARKER names,
// one file per segment holding the variables it saw and when it ran; it
// fails in the segment MIGLINT_TEST_FAIL names.
const segmentMigration = `// Record which segment ran and what it saw, for the tests of segmented
// runs.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	start := time.Now().UnixNano()
	time.Sleep(200 * time.Millisecond)
	var seen []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_BATCH_") || strings.HasPrefix(kv, "MIGLINT_TOTAL") || strings.HasPrefix(kv, "MIGLINT_ENV") {
			seen = append(seen, kv)
		}
	}
	index := os.Getenv("AWS_BATCH_JOB_ARRAY_INDEX")
	fmt.Println("segment", index, "says hello")
	text := fmt.Sprintf("%d %d %s", start, time.Now().UnixNano(), strings.Join(seen, " "))
	if err := os.WriteFile(filepath.Join(os.Getenv("MIGLINT_TEST_MARKER"), "seg-"+index), []byte(text), 0o644); err != nil {
		panic(err)
	}
	if index == os.Getenv("MIGLINT_TEST_FAIL") {
		os.Exit(7)
	}
}
`

type segmentSeen struct {
	start, end time.Time
	env        []string
}

func segmentModule(t *testing.T) (dir, markers string) {
	t.Helper()
	dir, _ = newModule(t)
	writeFiles(t, dir, map[string]string{"migrations/0310_record_segments/main.go": segmentMigration})
	return dir, t.TempDir()
}

// seenSegments reads the files the segments wrote.
func seenSegments(t *testing.T, markers string) map[int]segmentSeen {
	t.Helper()
	entries, err := os.ReadDir(markers)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]segmentSeen{}
	for _, e := range entries {
		i, err := strconv.Atoi(strings.TrimPrefix(e.Name(), "seg-"))
		if err != nil {
			t.Fatalf("unexpected file %s", e.Name())
		}
		data, err := os.ReadFile(filepath.Join(markers, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		f := strings.Fields(string(data))
		start, _ := strconv.ParseInt(f[0], 10, 64)
		end, _ := strconv.ParseInt(f[1], 10, 64)
		env := f[2:]
		slices.Sort(env)
		seen[i] = segmentSeen{time.Unix(0, start), time.Unix(0, end), env}
	}
	return seen
}

func segmentEnv(i, n int, mode string) []string {
	return []string{"AWS_BATCH_JOB_ARRAY_INDEX=" + strconv.Itoa(i), "MIGLINT_ENV=" + mode, "MIGLINT_TOTAL_SEGMENTS=" + strconv.Itoa(n)}
}

// TestSegmentsGetBatchEnvironment runs 4 segments, 2 at once: each child
// sees exactly the variables of an AWS Batch array child (and none the
// parent had set for itself), no more than 2 overlap, and the output of
// each is prefixed with its segment.
func TestSegmentsGetBatchEnvironment(t *testing.T) {
	dir, markers := segmentModule(t)
	env := append(os.Environ(), "MIGLINT_TEST_MARKER="+markers, "AWS_BATCH_JOB_ARRAY_INDEX=9", "MIGLINT_TOTAL_SEGMENTS=10", "AWS_BATCH_JOB_ID=parent")
	res := runIn(t, dir, "", Options{Mode: Dev, Target: "0310", Env: env, Segments: Segments{Total: 4, Parallel: 2}})
	if res.code != 0 {
		t.Fatalf("exit %d:\n%s", res.code, res.stderr)
	}
	seen := seenSegments(t, markers)
	if len(seen) != 4 {
		t.Fatalf("segments that ran: %v, want 0 to 3\n%s", seen, res.stderr)
	}
	for i := range 4 {
		if want := segmentEnv(i, 4, "dev"); !slices.Equal(seen[i].env, want) {
			t.Errorf("segment %d saw %v, want %v", i, seen[i].env, want)
		}
		if !strings.Contains(res.stdout, "[segment "+strconv.Itoa(i)+"] segment "+strconv.Itoa(i)+" says hello\n") {
			t.Errorf("stdout lacks segment %d's line, prefixed:\n%s", i, res.stdout)
		}
	}
	// At each segment's start, count the segments running.
	for i := range 4 {
		running := 0
		for j := range 4 {
			if !seen[j].start.After(seen[i].start) && seen[i].start.Before(seen[j].end) {
				running++
			}
		}
		if running > 2 {
			t.Errorf("%d segments ran at once when segment %d started; --parallel 2 allows 2", running, i)
		}
	}
	runTimesOf(t, res.stderr)
}

func runTimesOf(t *testing.T, stderr string) {
	t.Helper()
	if strings.Count(stderr, "Execution Time:    ") != 1 || strings.Count(stderr, "Finalization Time: ") != 1 {
		t.Errorf("want one Execution Time and one Finalization Time line:\n%s", stderr)
	}
}

// TestSegmentFailsAndRerunsAlone fails segment 1 of 3: the others run,
// the exit code is the failed segment's, and the message names the
// command that runs segment 1 alone, which then runs it and only it.
func TestSegmentFailsAndRerunsAlone(t *testing.T) {
	dir, markers := segmentModule(t)
	env := append(os.Environ(), "MIGLINT_TEST_MARKER="+markers, "MIGLINT_TEST_FAIL=1")
	res := runIn(t, dir, "", Options{Mode: Dev, Target: "0310", Env: env, Segments: Segments{Total: 3}})
	if res.code != 7 {
		t.Fatalf("exit %d, want 7 (segment 1's):\n%s", res.code, res.stderr)
	}
	if len(seenSegments(t, markers)) != 3 {
		t.Errorf("a failed segment stopped the others:\n%s", res.stderr)
	}
	for _, want := range []string{"segment 1 of 3 failed (exit code 7)", "0310_record_segments failed: segment 1\n", "miglint run dev 0310_record_segments --segments 3 --segment 1"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}

	markers = t.TempDir()
	env = append(os.Environ(), "MIGLINT_TEST_MARKER="+markers)
	res = runIn(t, dir, "", Options{Mode: Dev, Target: "0310", Env: env, Segments: Segments{Total: 3, Single: true, Index: 1}})
	if res.code != 0 {
		t.Fatalf("rerun of segment 1: exit %d:\n%s", res.code, res.stderr)
	}
	seen := seenSegments(t, markers)
	if len(seen) != 1 || !slices.Equal(seen[1].env, segmentEnv(1, 3, "dev")) {
		t.Errorf("--segment 1 ran %v, want segment 1 of 3 alone", seen)
	}
}

// TestSegmentFromEnv runs the segment the runner's environment names, as
// the container of a miglint batch job does, and refuses bytes whose
// content hash is not the one the job was written for.
func TestSegmentFromEnv(t *testing.T) {
	dir, markers := segmentModule(t)
	base := append(os.Environ(), "MIGLINT_TEST_MARKER="+markers, "AWS_BATCH_JOB_ARRAY_INDEX=2", "MIGLINT_TOTAL_SEGMENTS=5")
	res := runIn(t, dir, "", Options{Mode: Dev, Target: "0310", Env: base, Segments: Segments{FromEnv: true}})
	if res.code != 0 {
		t.Fatalf("exit %d:\n%s", res.code, res.stderr)
	}
	if seen := seenSegments(t, markers); len(seen) != 1 || !slices.Equal(seen[2].env, segmentEnv(2, 5, "dev")) {
		t.Errorf("ran %v, want segment 2 of 5 alone", seen)
	}

	os.Remove(filepath.Join(markers, "seg-2"))
	res = runIn(t, dir, "", Options{Mode: Dev, Target: "0310", Env: append(base, EnvContentHash+"=sha256:0000"), Segments: Segments{FromEnv: true}})
	if res.code != ExitRefused || !strings.Contains(res.stderr, "MIGLINT_CONTENT_HASH=sha256:0000, but the bytes here hash to sha256:") {
		t.Errorf("other content hash: exit %d, want %d:\n%s", res.code, ExitRefused, res.stderr)
	}
	if len(seenSegments(t, markers)) != 0 {
		t.Error("a segment ran although the content hash differs")
	}

	bad := append(os.Environ(), "AWS_BATCH_JOB_ARRAY_INDEX=5", "MIGLINT_TOTAL_SEGMENTS=5")
	res = runIn(t, dir, "", Options{Mode: Dev, Target: "0310", Env: bad, Segments: Segments{FromEnv: true}})
	if res.code != ExitUsage || !strings.Contains(res.stderr, "AWS_BATCH_JOB_ARRAY_INDEX=5 is not below MIGLINT_TOTAL_SEGMENTS=5") {
		t.Errorf("index = total: exit %d, want %d:\n%s", res.code, ExitUsage, res.stderr)
	}
}

func TestSegmentUsage(t *testing.T) {
	dir, markers := segmentModule(t)
	for _, tc := range []struct {
		s    Segments
		want string
	}{
		{Segments{Total: 1}, "--segments 1: want 2 to 10000 segments"},
		{Segments{Total: 10001}, "--segments 10001: want 2 to 10000"},
		{Segments{Total: 4, Single: true, Index: 4}, "--segment 4: segments of --segments 4 are numbered 0 to 3"},
		{Segments{Total: 4, Single: true, Index: -1}, "--segment -1"},
		{Segments{Single: true}, "--segment and --parallel need --segments N"},
		{Segments{Parallel: 2}, "need --segments N"},
		{Segments{Total: 4, Parallel: -1}, "--parallel -1: want at least 1"},
		{Segments{FromEnv: true, Total: 4}, "--segment-from-env reads the segment from AWS_BATCH_JOB_ARRAY_INDEX"},
	} {
		res := runIn(t, dir, "", Options{Mode: Dev, Target: "0310", Env: append(os.Environ(), "MIGLINT_TEST_MARKER="+markers), Segments: tc.s})
		if res.code != ExitUsage || !strings.Contains(res.stderr, tc.want) {
			t.Errorf("%+v: exit %d, want %d and %q:\n%s", tc.s, res.code, ExitUsage, tc.want, res.stderr)
		}
	}
	if len(seenSegments(t, markers)) != 0 {
		t.Error("a segment ran despite a usage error")
	}
}

// TestSegmentedProdStampsAfterLast checks that prod runs of one segment
// leave the header alone until the ledger shows every segment of these
// bytes succeeded: the run of the last one missing writes the first
// start and the last end into the header; so does a prod run of every
// segment at once (here with --rerun, the header holding times).
func TestSegmentedProdStampsAfterLast(t *testing.T) {
	dir, markers := segmentModule(t)
	prodServer(t)
	env := append(os.Environ(), "MIGLINT_TEST_MARKER="+markers)
	header := filepath.Join(dir, "migrations", "0310_record_segments", "main.go")
	prod := func(s Segments, rerun bool) result {
		t.Helper()
		res := runIn(t, dir, "", Options{Mode: Prod, Yes: true, AllowDirty: true, Rerun: rerun, Target: "0310", Env: env, Segments: s,
			SkipDryRun: "the stamping is under test"})
		if res.code != 0 {
			t.Fatalf("%+v: exit %d:\n%s", s, res.code, res.stderr)
		}
		return res
	}

	for i, want := range []string{"1 of 3 segments of these bytes have (not yet: segment 1, 2)", "2 of 3 segments of these bytes have (not yet: segment 2)"} {
		res := prod(Segments{Total: 3, Single: true, Index: i}, false)
		if !strings.Contains(res.stderr, want) {
			t.Errorf("segment %d alone: stderr lacks %q:\n%s", i, want, res.stderr)
		}
		if data, _ := os.ReadFile(header); string(data) != segmentMigration {
			t.Fatalf("a prod run of segment %d alone changed the header, with a segment still missing", i)
		}
	}
	res := prod(Segments{Total: 3, Single: true, Index: 2}, false)
	if !strings.Contains(res.stderr, "the last of its 3 segments in the prod ledger") {
		t.Errorf("the last segment alone:\n%s", res.stderr)
	}
	checkStamped(t, header, seenSegments(t, markers), res.stderr)

	res = prod(Segments{Total: 3, Parallel: 1}, true)
	seen := seenSegments(t, markers)
	for _, s := range seen {
		if !slices.Equal(s.env[1:2], []string{"MIGLINT_ENV=prod"}) {
			t.Errorf("a prod segment saw %v", s.env)
		}
	}
	checkStamped(t, header, seen, res.stderr)
}

// checkStamped checks that the header holds the first start and the last
// end of the segments seen. The runner's times frame the segments' own:
// the first start is at most a second (the header's precision) after the
// first segment's own start, and the last end not before the last
// segment's own.
func checkStamped(t *testing.T, header string, seen map[int]segmentSeen, stderr string) {
	t.Helper()
	first, last := seen[0].start, seen[0].end
	for _, s := range seen {
		if s.start.Before(first) {
			first = s.start
		}
		if s.end.After(last) {
			last = s.end
		}
	}
	data, _ := os.ReadFile(header)
	text := string(data)
	for _, line := range []string{"// Execution Time:    ", "// Finalization Time: "} {
		if !strings.Contains(text, line) || strings.Contains(text, line+"pending") {
			t.Fatalf("the header was not stamped:\n%s\n%s", text, stderr)
		}
	}
	exec := lineValue(text, "// Execution Time:    ")
	fin := lineValue(text, "// Finalization Time: ")
	if !exec.Equal(first.Truncate(time.Second)) && !exec.Equal(first.Truncate(time.Second).Add(-time.Second)) {
		t.Errorf("Execution Time %v, want the first segment's start %v", exec, first)
	}
	if fin.Before(last.Truncate(time.Second)) || fin.Sub(last) > 2*time.Second {
		t.Errorf("Finalization Time %v, want the last segment's end %v", fin, last)
	}
}

func lineValue(text, prefix string) time.Time {
	i := strings.Index(text, prefix)
	v := text[i+len(prefix):]
	v = v[:strings.IndexByte(v, '\n')]
	tm, err := time.Parse("2006-01-02 at 15:04:05 MST", v)
	if err != nil {
		return time.Time{}
	}
	return tm
}
