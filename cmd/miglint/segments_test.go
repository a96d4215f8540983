//go:build unix

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/miglint/miglint/internal/dynalitetest"
	"github.com/miglint/miglint/migration"
)

// Tests of segmented runs through the real binary, against dynalite, with
// a migration that miglint new --segmented wrote and that imports the
// real segment package of this module.

// segmentedModule writes a module that requires this one (replaced by
// the work tree) and holds the migration miglint new --segmented writes,
// given a description, the table "items", a touch counter, and a way for
// the tests to kill one segment halfway: MIGLINT_TEST_KILL_SEGMENT=I
// makes segment I kill itself with SIGKILL after 100 items.
func segmentedModule(t testing.TB) (dir, name string, env []string) {
	t.Helper()
	dir, env = moduleRequiringMiglint(t)
	main, _ := newSegmented(t, dir, env)
	name = filepath.Base(filepath.Dir(main))
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	for _, r := range [][2]string{
		{"TODO: describe what this migration changes and why.", "Move every item from version 1 to version 2, counting each\n// update in its touched attribute."},
		{`table       = "your_table"`, `table       = "items"`},
		{`aws.String("SET #v = :to")`, `aws.String("SET #v = :to ADD touched :one")`},
		{`":to":   &types.AttributeValueMemberN{Value: strconv.Itoa(toVersion)},`, `":to":   &types.AttributeValueMemberN{Value: strconv.Itoa(toVersion)},
					":one":  &types.AttributeValueMemberN{Value: "1"},`},
		{"\t\t\tmigrated++\n", "\t\t\tmigrated++\n\t\t\tif os.Getenv(\"MIGLINT_TEST_KILL_SEGMENT\") == strconv.Itoa(int(seg.Index)) && migrated == 100 {\n\t\t\t\tsyscall.Kill(os.Getpid(), syscall.SIGKILL)\n\t\t\t}\n"},
		{"\t\"strconv\"\n", "\t\"os\"\n\t\"strconv\"\n\t\"syscall\"\n"},
	} {
		if !strings.Contains(text, r[0]) {
			t.Fatalf("the scaffold has no %q:\n%s", r[0], text)
		}
		text = strings.Replace(text, r[0], r[1], 1)
	}
	if err := os.WriteFile(main, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, name, env
}

// moduleRequiringMiglint writes a module that requires this one,
// replaced by the work tree, with an empty migrations root, and returns
// it with the environment to run miglint in.
func moduleRequiringMiglint(t testing.TB) (dir string, env []string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "migrations"), 0o755); err != nil {
		t.Fatal(err)
	}
	gomod := fmt.Sprintf("module example.com/big\n\ngo 1.26.0\n\nrequire github.com/miglint/miglint v0.0.0\n\nreplace github.com/miglint/miglint => %s\n", root)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	// Offline: this module's go.sum holds every hash the new one needs,
	// and building miglint filled the module cache.
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	gocache, _ := exec.Command("go", "env", "GOCACHE").Output()
	return dir, append(runEnv(), "GOCACHE="+strings.TrimSpace(string(gocache)), "XDG_CACHE_HOME="+t.TempDir())
}

// newSegmented runs miglint new --segmented bump_items in dir, then go
// mod tidy for the imports it brings, and returns the new main.go and
// what miglint new printed on standard error.
func newSegmented(t testing.TB, dir string, env []string) (main, stderr string) {
	t.Helper()
	out, stderr, code := miglintRunEnv(t, dir, env, "new", "--segmented", "bump_items")
	if code != 0 {
		t.Fatalf("miglint new --segmented: exit %d: %s", code, stderr)
	}
	tidy := exec.Command("go", "mod", "tidy")
	tidy.Dir, tidy.Env = dir, append(env, "GOPROXY=off", "GOFLAGS=-mod=mod")
	if out, err := tidy.CombinedOutput(); err != nil {
		t.Fatalf("go mod tidy: %v\n%s", err, out)
	}
	return filepath.Join(dir, strings.TrimSpace(out)), stderr
}

// TestNewSegmented: the scaffold imports the segment package, sets
// Segment and TotalSegments together, paginates, and lints clean but for
// the header's placeholder description, in both modes.
func TestNewSegmented(t *testing.T) {
	dir, env := moduleRequiringMiglint(t)
	main, stderr := newSegmented(t, dir, env)
	if !strings.Contains(stderr, "miglint run dev NAME --segments N") {
		t.Errorf("miglint new --segmented does not say how to run it:\n%s", stderr)
	}
	src, _ := os.ReadFile(main)
	for _, want := range []string{`"github.com/miglint/miglint/segment"`, "segment.FromEnv()", "Segment:       aws.Int32(seg.Index)", "TotalSegments: aws.Int32(seg.Total)", "in.ExclusiveStartKey = page.LastEvaluatedKey", "ConditionExpression:"} {
		if !strings.Contains(string(src), want) {
			t.Errorf("the scaffold lacks %q:\n%s", want, src)
		}
	}
	want := "migrations/0001_bump_items/main.go:1:3: header description"
	lint, _, code := miglintRunEnv(t, dir, env, "./...")
	if code != exitFindings || strings.Count(lint, "\n") != 1 || !strings.HasPrefix(lint, want) {
		t.Errorf("miglint ./...: exit %d, want %d and one finding, the header's description:\n%s", code, exitFindings, lint)
	}
	_, vet, code := runIn(t, dir, env, "go", "vet", "-vettool="+miglintBin, "./...")
	if code == 0 || strings.Count(vet, "main.go:") != 1 || !strings.Contains(vet, "header description") {
		t.Errorf("go vet: exit %d, want one finding, the header's description:\n%s", code, vet)
	}
}

func miglintRunEnv(t testing.TB, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(miglintBin, args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("miglint %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// seedItems writes n items at version 1 (overwriting any), 25 to a
// BatchWriteItem, 4 writers at once.
func seedItems(t testing.TB, db *dynalitetest.Server, table string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for start := w * 25; start < n; start += 4 * 25 {
				var reqs []types.WriteRequest
				for i := start; i < min(start+25, n); i++ {
					reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: map[string]types.AttributeValue{
						"id": dynalitetest.S(fmt.Sprintf("item%06d", i)), "version": dynalitetest.N(1),
					}}})
				}
				in := &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs}}
				for len(in.RequestItems) > 0 {
					out, err := db.Client.BatchWriteItem(context.Background(), in)
					if err != nil {
						errs <- err
						return
					}
					in.RequestItems = out.UnprocessedItems
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("seeding %s: %v", table, err)
	}
}

// checkEachTouchedOnce reads every item back: at version 2 and touched
// exactly once.
func checkEachTouchedOnce(t *testing.T, db *dynalitetest.Server, n int) {
	t.Helper()
	items := db.Items(t, "items")
	if len(items) != n {
		t.Fatalf("%d items, want %d", len(items), n)
	}
	bad := 0
	for id, item := range items {
		if item["version"] != "N:2" || item["touched"] != "N:1" {
			if bad++; bad <= 5 {
				t.Errorf("item %s: version %s, touched %s; want N:2 and N:1", id, item["version"], item["touched"])
			}
		}
	}
	if bad > 5 {
		t.Errorf("... and %d more", bad-5)
	}
}

var migratedLine = regexp.MustCompile(`(?m)^\[segment (\d+)\] .*segment (\d+) of (\d+) of items: migrated (\d+), skipped (\d+)$`)

// migratedBySegment reads what each segment logged it migrated.
func migratedBySegment(t *testing.T, stderr string) map[int]int {
	t.Helper()
	got := map[int]int{}
	for _, m := range migratedLine.FindAllStringSubmatch(stderr, -1) {
		if m[1] != m[2] {
			t.Errorf("segment %s's output says it is segment %s", m[1], m[2])
		}
		i, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[4])
		got[i] = n
	}
	return got
}

// TestSegmentedRunTouchesEachItemOnce runs the migration over 5,000
// items in 4 segments: every segment migrates a share, together exactly
// 5,000, and each item is read back at version 2, touched once.
func TestSegmentedRunTouchesEachItemOnce(t *testing.T) {
	db := dynalitetest.Start(t)
	dir, name, env := segmentedModule(t)
	db.CreateTable(t, "items")
	seedItems(t, db, "items", 5000)

	_, stderr, code := miglintRunEnv(t, dir, env, "run", "dev", name, "--segments", "4", "--endpoint", db.URL)
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	runTimes(t, stderr)
	got := migratedBySegment(t, stderr)
	sum := 0
	for i := range 4 {
		if got[i] == 0 {
			t.Errorf("segment %d migrated nothing (%v)", i, got)
		}
		sum += got[i]
	}
	if sum != 5000 || len(got) != 4 {
		t.Errorf("segments migrated %v, %d in all; want 4 segments and 5000", got, sum)
	}
	checkEachTouchedOnce(t, db, 5000)

	// The dev ledger holds four segment runs of these bytes, one each.
	writeFiles(t, dir, map[string]string{"importrules.toml": "[runner]\ndev_endpoint = \"" + db.URL + "\"\n"})
	run := segmentedStatus(t, dir, env, name, "dev")
	if run.State != "succeeded" || run.Segments == nil || run.Segments.Total != 4 || run.Segments.Succeeded != 4 || len(run.SegmentRuns) != 4 {
		t.Fatalf("status of the dev run: %+v", run)
	}
	for i, seg := range run.SegmentRuns {
		if seg.Segment != i || seg.State != "succeeded" || seg.Run != 1 || seg.Hash != run.Hash {
			t.Errorf("segment %d's run: %+v", i, seg)
		}
	}
}

// segmentedStatus is miglint status --json's last run of name in env.
func segmentedStatus(t *testing.T, dir string, env []string, name, mode string) statusRun {
	t.Helper()
	stdout, stderr, code := miglintRunEnv(t, dir, env, "status", "--json", "--env", mode, name)
	var rows []statusRow
	if err := json.Unmarshal([]byte(stdout), &rows); code != 0 || err != nil {
		t.Fatalf("miglint status --json: exit %d, %v\n%s%s", code, err, stdout, stderr)
	}
	run := lastRun(rows, name, mode)
	if run == nil {
		t.Fatalf("miglint status --json shows no %s run of %s:\n%s", mode, name, stdout)
	}
	return *run
}

// TestKilledSegmentRerunsAlone kills segment 2 of 4 halfway with
// SIGKILL: the run fails with 128+9 and names the command that reruns
// segment 2; that command runs segment 2 alone, which migrates what is
// left of it, and every item ends touched exactly once.
func TestKilledSegmentRerunsAlone(t *testing.T) {
	db := dynalitetest.Start(t)
	dir, name, env := segmentedModule(t)
	db.CreateTable(t, "items")
	seedItems(t, db, "items", 5000)

	_, stderr, code := miglintRunEnv(t, dir, append(env, "MIGLINT_TEST_KILL_SEGMENT=2"), "run", "dev", name, "--segments", "4", "--parallel", "2", "--endpoint", db.URL)
	if code != 128+9 {
		t.Fatalf("exit %d, want %d (segment 2 killed by SIGKILL):\n%s", code, 128+9, stderr)
	}
	rerun := "miglint run dev " + name + " --segments 4 --segment 2"
	for _, want := range []string{"segment 2 of 4 failed (killed by killed, exit code 137)", name + " failed: segment 2\n", rerun} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	first := migratedBySegment(t, stderr)
	if len(first) != 3 || first[2] != 0 {
		t.Errorf("segments that finished: %v, want 0, 1 and 3", first)
	}
	before := db.Items(t, "items")
	left := 0
	for _, item := range before {
		if item["version"] == "N:1" {
			left++
		}
	}
	if left == 0 || left >= 5000-first[0]-first[1]-first[3] {
		t.Errorf("%d items left at version 1 after segment 2 was killed after 100", left)
	}

	_, stderr, code = miglintRunEnv(t, dir, env, append(strings.Fields(rerun)[1:], "--endpoint", db.URL)...)
	if code != 0 {
		t.Fatalf("rerun of segment 2: exit %d:\n%s", code, stderr)
	}
	again := migratedBySegment(t, stderr)
	if len(again) != 1 || again[2] != left {
		t.Errorf("the rerun migrated %v, want segment 2 alone migrating the %d items left", again, left)
	}
	checkEachTouchedOnce(t, db, 5000)
}

// TestSegmentedProdRerunsKilledSegment runs a migration in prod in 4
// segments after a segmented dry run, and kills segment 2 halfway: the
// ledger records it failed and the header stays pending; miglint status
// says which segment failed. Run alone with --segment 2, it finishes the
// items left; then the migration counts as succeeded, the header gets
// the first start and the last end, and every item was touched once.
func TestSegmentedProdRerunsKilledSegment(t *testing.T) {
	dev, prod := dynalitetest.Start(t), dynalitetest.Start(t)
	dir, name, env := segmentedModule(t)
	writeFiles(t, dir, map[string]string{"importrules.toml": "[runner]\ndev_endpoint = \"" + dev.URL + "\"\n"})
	git(t, dir, "init", "-q")
	git(t, dir, "add", ".")
	git(t, dir, "commit", "-q", "-m", "bump items")
	none := filepath.Join(t.TempDir(), "none")
	env = append(env, append(prod.Env(), "AWS_CONFIG_FILE="+none, "AWS_SHARED_CREDENTIALS_FILE="+none, "USER=ann")...)
	for db, n := range map[*dynalitetest.Server]int{dev: 200, prod: 2000} {
		db.CreateTable(t, "items")
		seedItems(t, db, "items", n)
	}
	mustRun := func(env []string, args ...string) (string, int) {
		t.Helper()
		_, stderr, code := miglintRunEnv(t, dir, env, args...)
		return stderr, code
	}
	if stderr, code := mustRun(env, "ledger", "init", "prod"); code != 0 {
		t.Fatalf("ledger init prod: exit %d\n%s", code, stderr)
	}
	if stderr, code := mustRun(env, "run", "dev", name, "--segments", "4"); code != 0 {
		t.Fatalf("the dry run: exit %d\n%s", code, stderr)
	}
	header := filepath.Join(dir, "migrations", name, "main.go")
	original := readFile(t, header)

	stderr, code := mustRun(append(env, "MIGLINT_TEST_KILL_SEGMENT=2"), "run", "prod", name, "--yes", "--segments", "4")
	if code != 128+9 || !strings.Contains(stderr, "dry run: dev run 1 of these bytes succeeded in 4 segments") {
		t.Fatalf("exit %d, want %d (segment 2 killed by SIGKILL):\n%s", code, 128+9, stderr)
	}
	if readFile(t, header) != original {
		t.Fatal("the header changed although segment 2 failed")
	}
	run := segmentedStatus(t, dir, env, name, "prod")
	if run.State != "failed" || run.Segments == nil || run.Segments.Succeeded != 3 || !slices.Equal(run.Segments.Failed, []int{2}) || run.ExitCode == nil || *run.ExitCode != 137 {
		t.Errorf("status after the killed segment: %+v", run)
	}
	text, _, _ := miglintRunEnv(t, dir, env, "status", "--env", "prod")
	if !regexp.MustCompile(`(?m)^` + name + `\s+prod\s+3/4 segments succeeded; failed: 2\s+\d{4}-.*\s137\s+same$`).MatchString(text) {
		t.Errorf("miglint status does not show the failed segment:\n%s", text)
	}

	stderr, code = mustRun(env, "run", "prod", name, "--yes", "--segments", "4", "--segment", "2")
	if code != 0 || !strings.Contains(stderr, "the last of its 4 segments in the prod ledger") {
		t.Fatalf("segment 2 alone: exit %d\n%s", code, stderr)
	}
	checkEachTouchedOnce(t, prod, 2000)
	run = segmentedStatus(t, dir, env, name, "prod")
	if run.State != "succeeded" || run.Segments == nil || run.Segments.Succeeded != 4 || len(run.SegmentRuns) != 4 || run.SegmentRuns[2].Run != 2 || run.End == nil {
		t.Fatalf("status after the rerun of segment 2: %+v", run)
	}
	text = readFile(t, header)
	for _, want := range []string{"// Execution Time:    " + migration.FormatTime(run.Start), "// Finalization Time: " + migration.FormatTime(*run.End)} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("the header lacks %q:\n%s", want, text)
		}
	}
	if !run.SegmentRuns[2].End.Equal(*run.End) || run.Start.After(run.SegmentRuns[0].Start) {
		t.Errorf("the run's start %v and end %v are not the first start and segment 2's end: %+v", run.Start, *run.End, run.SegmentRuns)
	}
}
