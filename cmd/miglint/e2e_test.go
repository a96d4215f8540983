package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/miglint/miglint/internal/sampletest"

	"github.com/miglint/miglint/internal/testcache"
)

// These tests build the real binary and run it the ways users do: as the
// standalone checker and as go vet's -vettool, on the sample repository.

var miglintBin string

func TestMain(m *testing.M) {
	// Every miglint these tests start inherits the sealed cache.
	if err := testcache.Seal(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	dir, err := os.MkdirTemp("", "miglint-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	miglintBin = filepath.Join(dir, "miglint")
	// No test writes miglint's caches into the user's cache directory;
	// the go command keeps its own build cache.
	if out, err := exec.Command("go", "env", "GOCACHE").Output(); err == nil {
		os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
	}
	os.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	// miglint-aws beside miglint, as go install ./cmd/... puts them: the
	// tests of run, status, ledger and batch go through miglint.
	if out, err := exec.Command("go", "build", "-o", dir+string(filepath.Separator), ".", "../miglint-aws").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building miglint: %v\n%s", err, out)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.RemoveAll(os.Getenv("XDG_CACHE_HOME"))
	os.Exit(code)
}

// copyMiglint copies the miglint binary alone into a directory of the
// test's: a new executable to the result cache, and one without
// miglint-aws beside it.
func copyMiglint(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "miglint")
	data, err := os.ReadFile(miglintBin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// sampleNow is the clock of every sample run: the retention and "in the
// future" findings depend on it.
const sampleNow = sampletest.Now

func sampleDir(t *testing.T) string { return sampletest.Dir(t) }

// result is one finding, in the form both modes can be reduced to.
type result struct {
	File     string // relative to the sample, slash-separated
	Line     int
	Col      int
	Analyzer string
	Message  string
	End      string // "line:col", "" when the analyzer gave no end
	Rule     string // the standalone checker's rule id
}

func (r result) key() string {
	return fmt.Sprintf("%s:%d:%d %s", r.File, r.Line, r.Col, r.Analyzer)
}

// compare is sampletest.Compare on what the standalone checker and go vet
// report.
func compare(t *testing.T, mode string, got []result, want map[string]sampletest.Expectation) {
	t.Helper()
	fs := make([]sampletest.Finding, len(got))
	for i, r := range got {
		fs[i] = sampletest.Finding{File: r.File, Line: r.Line, Col: r.Col, Analyzer: r.Analyzer, Message: r.Message}
	}
	sampletest.Compare(t, mode, fs, want)
}

// runIn runs name with args in dir with extra environment and returns
// stdout, stderr and the exit code.
func runIn(t *testing.T, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out.String(), errb.String(), code
}

func runStandalone(t *testing.T, dir string, env ...string) ([]result, int) {
	t.Helper()
	stdout, stderr, code := runIn(t, dir, env, miglintBin, "-format", "json", "./...")
	if code != 0 && code != 1 {
		t.Fatalf("miglint exited %d:\n%s", code, stderr)
	}
	var fs []struct {
		Analyzer string `json:"analyzer"`
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		EndLine  int    `json:"endLine"`
		EndCol   int    `json:"endColumn"`
		Message  string `json:"message"`
		Rule     string `json:"rule"`
	}
	if err := json.Unmarshal([]byte(stdout), &fs); err != nil {
		t.Fatalf("miglint -format json: %v\n%s", err, stdout)
	}
	var rs []result
	for _, f := range fs {
		r := result{File: filepath.ToSlash(f.File), Line: f.Line, Col: f.Column, Analyzer: f.Analyzer, Message: f.Message, Rule: f.Rule}
		if f.EndLine > 0 {
			r.End = fmt.Sprintf("%d:%d", f.EndLine, f.EndCol)
		}
		rs = append(rs, r)
	}
	return rs, code
}

// vet runs go vet -json -vettool=miglint and flattens its per-package
// JSON into results.
func vet(t *testing.T, dir string, env ...string) []result {
	t.Helper()
	stdout, stderr, code := runIn(t, dir, env, "go", "vet", "-json", "-vettool="+miglintBin, "./...")
	if code != 0 {
		t.Fatalf("go vet -json exited %d:\n%s%s", code, stdout, stderr)
	}
	var rs []result
	seen := map[result]bool{}
	dec := json.NewDecoder(strings.NewReader(stripComments(stdout + stderr)))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go vet -json output: %v\n%s", err, stderr)
		}
		for _, byAnalyzer := range tree {
			for analyzer, raw := range byAnalyzer {
				var diags []struct {
					Posn    string `json:"posn"`
					End     string `json:"end"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("go vet -json: %s: %v (%s)", analyzer, err, raw)
				}
				for _, d := range diags {
					r := parsePosn(t, dir, d.Posn)
					r.Analyzer, r.Message = analyzer, d.Message
					// go vet gives a diagnostic without an end its start.
					if d.End != "" && d.End != d.Posn {
						e := parsePosn(t, dir, d.End)
						r.End = fmt.Sprintf("%d:%d", e.Line, e.Col)
					}
					if !seen[r] { // a package and its test variant
						seen[r] = true
						rs = append(rs, r)
					}
				}
			}
		}
	}
	return rs
}

// stripComments drops the "# package" lines go vet prints between JSON
// documents.
func stripComments(s string) string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "#") {
			b.WriteString(sc.Text())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func parsePosn(t *testing.T, dir, posn string) result {
	t.Helper()
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		t.Fatalf("bad posn %q", posn)
	}
	n := len(parts)
	line, err1 := strconv.Atoi(parts[n-2])
	col, err2 := strconv.Atoi(parts[n-1])
	if err1 != nil || err2 != nil {
		t.Fatalf("bad posn %q", posn)
	}
	file := strings.Join(parts[:n-2], ":")
	if rel, err := filepath.Rel(dir, file); err == nil {
		file = rel
	}
	return result{File: filepath.ToSlash(file), Line: line, Col: col}
}

func TestSampleBothModes(t *testing.T) {
	sample := sampleDir(t)
	want := sampletest.Expectations(t, sample)
	env := []string{"MIGLINT_NOW=" + sampleNow}

	got, code := runStandalone(t, sample, env...)
	if code != exitFindings {
		t.Errorf("standalone exit code %d, want %d", code, exitFindings)
	}
	compare(t, "miglint ./...", got, want)
	vetted := vet(t, sample, env...)
	compare(t, "go vet -vettool=miglint", vetted, want)
	// End positions too (json keeps them, like go vet -json).
	ends := map[string]string{}
	for _, r := range vetted {
		ends[r.key()] = r.End
	}
	for _, r := range got {
		if e, ok := ends[r.key()]; ok && e != r.End {
			t.Errorf("%s: end %q standalone, %q in go vet", r.key(), r.End, e)
		}
	}

	// Without -json, go vet must fail the build on findings, as CI needs.
	if _, _, code := runIn(t, sample, env, "go", "vet", "-vettool="+miglintBin, "./..."); code == 0 {
		t.Errorf("go vet -vettool=miglint exited 0 on a sample with findings")
	}
}

// copySample copies the sample module into a temporary directory that a
// test may edit.
func copySample(t *testing.T) string { return sampletest.Copy(t) }

func count(rs []result, analyzer string) int {
	n := 0
	for _, r := range rs {
		if r.Analyzer == analyzer {
			n++
		}
	}
	return n
}

// TestVetCacheFollowsConfigAndClock proves that go vet's result cache
// never serves findings computed under another importrules.toml or
// another clock: go vet caches under the tool's -V=full build ID, so those
// inputs are part of it.
func TestVetCacheFollowsConfigAndClock(t *testing.T) {
	dir := copySample(t)
	env := []string{"MIGLINT_NOW=" + sampleNow, "GOFLAGS=-mod=mod"}

	before := count(vet(t, dir, env...), "retention")
	if before == 0 {
		t.Fatal("the sample has no retention findings to begin with")
	}
	if again := count(vet(t, dir, env...), "retention"); again != before {
		t.Fatalf("same inputs, different results: %d then %d retention findings", before, again)
	}

	// Keep migrations for ten years: nothing is overdue any more.
	cfg := filepath.Join(dir, "importrules.toml")
	data, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(data), "retention_months = 12", "retention_months = 120", 1)
	if edited == string(data) {
		t.Fatal("sample importrules.toml has no retention_months = 12 line")
	}
	if err := os.WriteFile(cfg, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if after := count(vet(t, dir, env...), "retention"); after != 0 {
		t.Errorf("after raising retention_months to 120, go vet still reports %d retention findings (stale cache)", after)
	}

	// Back to 12 months, but on a date before anything was overdue.
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if n := count(vet(t, dir, env...), "retention"); n != before {
		t.Errorf("config restored: %d retention findings, want %d", n, before)
	}
	early := []string{"MIGLINT_NOW=2021-02-01", "GOFLAGS=-mod=mod"}
	if n := count(vet(t, dir, early...), "retention"); n != 0 {
		t.Errorf("MIGLINT_NOW=2021-02-01: %d retention findings, want 0 (stale cache)", n)
	}

	// MIGLINT_CONFIG pointing at another file counts too.
	other := filepath.Join(t.TempDir(), "other.toml")
	if err := os.WriteFile(other, []byte("[migrations]\nretention_months = 120\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n := count(vet(t, dir, append(env, "MIGLINT_CONFIG="+other)...), "retention"); n != 0 {
		t.Errorf("MIGLINT_CONFIG with 120 months: %d retention findings, want 0 (stale cache)", n)
	}
}

// TestMissingExceptionFile deletes a migration that an exception names,
// after a run that cached the valid configuration: both modes must fail on
// the configuration, go vet once rather than once per package.
func TestMissingExceptionFile(t *testing.T) {
	dir := copySample(t)
	env := []string{"MIGLINT_NOW=" + sampleNow, "GOFLAGS=-mod=mod"}
	excused := "migrations/0103_parallel_scan_orders"
	missing := regexp.MustCompile(`importrules\.toml:\d+: exception\[1\]\.file: "` + excused + `/main\.go" does not exist`)

	for _, mode := range [][]string{{miglintBin, "./..."}, {"go", "vet", "-vettool=" + miglintBin, "./..."}} {
		if _, stderr, _ := runIn(t, dir, env, mode[0], mode[1:]...); missing.MatchString(stderr) {
			t.Fatalf("%v before the deletion: %s", mode, stderr)
		}
	}
	if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(excused))); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runIn(t, dir, env, miglintBin, "./...")
	if code != exitError || !missing.MatchString(stderr) {
		t.Errorf("miglint ./... after deleting %s: exit %d, want %d and the exception named; stderr:\n%s", excused, code, exitError, stderr)
	}
	_, stderr, code = runIn(t, dir, env, "go", "vet", "-vettool="+miglintBin, "./...")
	if n := len(missing.FindAllString(stderr, -1)); code == 0 || n != 1 {
		t.Errorf("go vet after deleting %s: exit %d, the exception named %d times, want a failure naming it once; stderr:\n%s", excused, code, n, stderr)
	}
}

func TestExitCodes(t *testing.T) {
	env := []string{"MIGLINT_NOW=" + sampleNow, "GOFLAGS=-mod=mod"}
	clean := filepath.Join(sampleDir(t), "dbmodel")

	write := func(dir, name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	badConfig := copySample(t)
	write(badConfig, "importrules.toml", "[migrations]\nretention_months = \"twelve\"\n")
	broken := copySample(t)
	write(filepath.Join(broken, "migrations", "0001_backfill_cart_totals"), "broken.go", "package main\n\nfunc broken( {\n")

	for _, tc := range []struct {
		name   string
		dir    string
		env    []string
		args   []string
		code   int
		stderr string
	}{
		{"clean package", clean, env, []string{"."}, exitClean, ""},
		{"findings", sampleDir(t), env, []string{"./..."}, exitFindings, ""},
		{"unknown format", clean, env, []string{"-format", "xml", "."}, exitError, `unknown -format "xml"`},
		{"unknown flag", clean, env, []string{"-frobnicate", "."}, exitError, "flag provided but not defined"},
		{"bad config", badConfig, env, []string{"./..."}, exitError, "importrules.toml:2: migrations.retention_months"},
		{"bad MIGLINT_NOW", clean, []string{"MIGLINT_NOW=tomorrow"}, []string{"."}, exitError, `MIGLINT_NOW="tomorrow"`},
		{"load error", broken, env, []string{"./..."}, exitError, "broken.go:3"},
		{"no packages", clean, env, []string{"./nothing/..."}, exitError, ""},
		{"help for unknown analyzer", clean, env, []string{"help", "nosuch"}, exitError, `no analyzer named "nosuch"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := runIn(t, tc.dir, tc.env, miglintBin, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			if !strings.Contains(stderr, tc.stderr) {
				t.Errorf("stderr does not mention %q:\n%s", tc.stderr, stderr)
			}
		})
	}

	// go vet with a bad config fails too, naming the file and key.
	_, stderr, code := runIn(t, badConfig, env, "go", "vet", "-vettool="+miglintBin, "./...")
	if code == 0 || !strings.Contains(stderr, "migrations.retention_months") {
		t.Errorf("go vet with a bad config: exit %d, stderr:\n%s", code, stderr)
	}
}

func TestOutputFormats(t *testing.T) {
	sample := sampleDir(t)
	env := []string{"MIGLINT_NOW=" + sampleNow}
	json0, _ := runStandalone(t, sample, env...)

	t.Run("text", func(t *testing.T) {
		out, _, _ := runIn(t, sample, env, miglintBin, "./...")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != len(json0) {
			t.Fatalf("text has %d lines, json %d findings", len(lines), len(json0))
		}
		for i, r := range json0 {
			want := fmt.Sprintf("%s:%d:%d: %s (%s)", filepath.FromSlash(r.File), r.Line, r.Col, r.Message, r.Analyzer)
			if lines[i] != want {
				t.Errorf("line %d:\n got %s\nwant %s", i+1, lines[i], want)
			}
		}
	})

	t.Run("sarif", func(t *testing.T) {
		out, _, code := runIn(t, sample, env, miglintBin, "-format", "sarif", "./...")
		if code != exitFindings {
			t.Errorf("exit code %d", code)
		}
		validateSARIF(t, []byte(out))
		if !strings.Contains(out, `"fixes"`) {
			t.Error("SARIF has no fixes; header offers them on the sample")
		}
		var log struct {
			Version string `json:"version"`
			Runs    []struct {
				Tool struct {
					Driver struct {
						Name  string `json:"name"`
						Rules []struct {
							ID   string `json:"id"`
							Help struct {
								Text string `json:"text"`
							} `json:"help"`
						} `json:"rules"`
					} `json:"driver"`
				} `json:"tool"`
				Results []struct {
					RuleID    string `json:"ruleId"`
					RuleIndex int    `json:"ruleIndex"`
					Message   struct {
						Text string `json:"text"`
					} `json:"message"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
							Region struct {
								StartLine   int `json:"startLine"`
								StartColumn int `json:"startColumn"`
							} `json:"region"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatal(err)
		}
		if log.Version != "2.1.0" || len(log.Runs) != 1 {
			t.Fatalf("version %q with %d runs", log.Version, len(log.Runs))
		}
		run := log.Runs[0]
		var ids []string
		for _, r := range run.Tool.Driver.Rules {
			ids = append(ids, r.ID)
			if r.Help.Text == "" {
				t.Errorf("rule %s has no help", r.ID)
			}
		}
		if len(run.Results) != len(json0) {
			t.Fatalf("%d results, want %d", len(run.Results), len(json0))
		}
		for i, r := range run.Results {
			if r.RuleID != json0[i].Rule {
				t.Errorf("result %d: ruleId %s, json rule %s", i, r.RuleID, json0[i].Rule)
			}
			if r.RuleIndex >= len(ids) || ids[r.RuleIndex] != r.RuleID {
				t.Errorf("result %d: ruleIndex %d does not point at rule %s", i, r.RuleIndex, r.RuleID)
			}
			loc := r.Locations[0].PhysicalLocation
			// Repository-relative: the sample lives in testdata/sample.
			if want := "testdata/sample/" + json0[i].File; loc.ArtifactLocation.URI != want {
				t.Errorf("result %d: uri %q, want %q", i, loc.ArtifactLocation.URI, want)
			}
			if loc.Region.StartLine < 1 || loc.Region.StartColumn < 1 {
				t.Errorf("result %d: region %+v", i, loc.Region)
			}
		}
	})

	t.Run("github", func(t *testing.T) {
		out, _, _ := runIn(t, sample, env, miglintBin, "-format", "github", "./...")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != len(json0) {
			t.Fatalf("%d lines, want %d", len(lines), len(json0))
		}
		for i, r := range json0 {
			prefix := fmt.Sprintf("::error file=testdata/sample/%s,line=%d,col=%d,title=miglint/%s::", r.File, r.Line, r.Col, r.Analyzer)
			if !strings.HasPrefix(lines[i], prefix) {
				t.Errorf("line %d: %s\nwant prefix %s", i+1, lines[i], prefix)
			}
		}
	})
}

func TestHelpAndVersion(t *testing.T) {
	dir := sampleDir(t)
	out, _, code := runIn(t, dir, nil, miglintBin, "help")
	for _, name := range []string{"header", "mainfunc", "retention"} {
		if !strings.Contains(out, "\n  "+name) {
			t.Errorf("miglint help does not list %s:\n%s", name, out)
		}
	}
	if code != 0 {
		t.Errorf("miglint help exited %d", code)
	}
	out, _, _ = runIn(t, dir, nil, miglintBin, "help", "retention")
	if !strings.Contains(out, "clean-up months") {
		t.Errorf("miglint help retention does not print its doc:\n%s", out)
	}
	out, _, _ = runIn(t, dir, nil, miglintBin, "version")
	if !strings.HasPrefix(out, "miglint ") {
		t.Errorf("miglint version printed %q", out)
	}
	out, _, _ = runIn(t, dir, nil, miglintBin, "-V=full")
	if f := strings.Fields(out); len(f) != 4 || f[1] != "version" || f[2] != "devel" || !strings.HasPrefix(f[3], "buildID=") {
		t.Errorf("-V=full printed %q; go vet needs NAME version devel ... buildID=ID", out)
	}
}
