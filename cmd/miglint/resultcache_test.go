package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/sampletest"
)

// TestResultCache runs the real binary on a copy of the sample with the
// result cache in a temporary directory: a warm run reports what the
// expected files say (and what go vet reports, TestSampleBothModes)
// without analysing anything; an edited importrules.toml and a new build
// each make every package they govern miss.
func TestResultCache(t *testing.T) {
	dir := copySample(t)
	want := sampletest.Expectations(t, sampleDir(t))
	bin := copyMiglint(t)
	env := []string{"MIGLINT_NOW=" + sampleNow, "GOFLAGS=-mod=mod",
		"MIGLINT_RESULT_CACHE=" + t.TempDir(), "MIGLINT_RESULT_CACHE_STATS=1"}

	got, packages, analysed, _ := runCached(t, bin, dir, env)
	if analysed != packages || packages == 0 {
		t.Fatalf("cold run analysed %d of %d packages", analysed, packages)
	}
	compare(t, "miglint ./... (cold cache)", got, want)
	got, _, analysed, _ = runCached(t, bin, dir, env)
	if analysed != 0 {
		t.Errorf("warm run analysed %d packages, want 0", analysed)
	}
	compare(t, "miglint ./... (warm cache)", got, want)

	// One migration edited (a line added at the end, so no finding
	// moves): it alone is analysed, against its dependencies' cached
	// types and facts. One with a test file: its test variant and test
	// main too, through go/packages.
	for _, c := range []struct {
		file            string
		analysed, alone int
	}{
		{"migrations/0201_touch_cart_timestamps/main.go", 1, 1},
		{"migrations/0002_remove_root_url/main_test.go", 3, 0},
	} {
		appendLine(t, filepath.Join(dir, c.file), "// edited\n")
		var alone int
		got, _, analysed, alone = runCached(t, bin, dir, env)
		if analysed != c.analysed || alone != c.alone {
			t.Errorf("after editing %s: %d packages analysed, %d alone; want %d, %d alone", c.file, analysed, alone, c.analysed, c.alone)
		}
		compare(t, "miglint ./... (after editing "+c.file+")", got, want)
	}

	// Keep migrations for ten years: nothing is overdue any more.
	cfg := filepath.Join(dir, "importrules.toml")
	text, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(text), "retention_months = 12", "retention_months = 120", 1)
	if edited == string(text) {
		t.Fatal("sample importrules.toml has no retention_months = 12 line")
	}
	if err := os.WriteFile(cfg, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _, analysed, _ = runCached(t, bin, dir, env)
	if analysed != packages {
		t.Errorf("after editing importrules.toml, %d of %d packages analysed", analysed, packages)
	}
	if n := count(got, "retention"); n != 0 {
		t.Errorf("after raising retention_months to 120, %d retention findings (stale cache)", n)
	}

	// A new build of miglint (same path, new modification time).
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(bin, later, later); err != nil {
		t.Fatal(err)
	}
	if _, _, analysed, _ = runCached(t, bin, dir, env); analysed != packages {
		t.Errorf("after a new build, %d of %d packages analysed", analysed, packages)
	}
	if _, _, analysed, _ = runCached(t, bin, dir, env); analysed != 0 {
		t.Errorf("second run of the new build analysed %d packages, want 0", analysed)
	}
}

var statsLine = regexp.MustCompile(`miglint: result cache: (\d+) packages, \d+ from the cache, (\d+) analysed \((\d+) alone\)`)

// runCached runs bin -format json ./... in dir and returns its findings
// and the packages it counted and analysed.
func runCached(t *testing.T, bin, dir string, env []string) (rs []result, packages, analysed, alone int) {
	t.Helper()
	stdout, stderr, code := runIn(t, dir, env, bin, "-format", "json", "./...")
	if code != 0 && code != 1 {
		t.Fatalf("miglint exited %d:\n%s", code, stderr)
	}
	m := statsLine.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no result cache line on stderr:\n%s", stderr)
	}
	packages, _ = strconv.Atoi(m[1])
	analysed, _ = strconv.Atoi(m[2])
	alone, _ = strconv.Atoi(m[3])
	var fs []struct {
		Analyzer string `json:"analyzer"`
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Message  string `json:"message"`
	}
	if err := json.Unmarshal([]byte(stdout), &fs); err != nil {
		t.Fatalf("miglint -format json: %v\n%s", err, stdout)
	}
	for _, f := range fs {
		rs = append(rs, result{File: filepath.ToSlash(f.File), Line: f.Line, Col: f.Column, Analyzer: f.Analyzer, Message: f.Message})
	}
	return rs, packages, analysed, alone
}

func appendLine(t *testing.T, path, line string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(line); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
