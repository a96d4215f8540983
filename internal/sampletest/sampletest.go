// Package sampletest holds what end-to-end tests of every driver share
// about the sample repository, testdata/sample: where it is, a copy a test
// may edit, its clock, and the findings expected/*.txt says every way of
// running miglint must report on it.
package sampletest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miglint/miglint/internal/paths"
)

// Now is the clock of every sample run (MIGLINT_NOW): the retention and
// "in the future" findings depend on it.
const Now = "2026-11-21"

// Finding is one finding, in the form every mode can be reduced to.
type Finding struct {
	File     string // relative to the sample, slash-separated
	Line     int
	Col      int
	Analyzer string
	Message  string
}

// Key identifies a finding as expected/*.txt lists it.
func (f Finding) Key() string {
	return fmt.Sprintf("%s:%d:%d %s", f.File, f.Line, f.Col, f.Analyzer)
}

// Expectation is one line of expected/*.txt.
type Expectation struct {
	Key    string // FILE:LINE:COL ANALYZER
	Text   string // a part of the message
	Source string // file:line of the expectation
}

// Dir returns the absolute path of testdata/sample, from any package
// directory of the module.
func Dir(t testing.TB) string {
	t.Helper()
	root, ok := paths.FindUp(".", "go.mod")
	if !ok {
		t.Fatal("no go.mod above the working directory")
	}
	return filepath.Join(root, "testdata", "sample")
}

// Copy copies the sample into a temporary directory that a test may edit.
func Copy(t testing.TB) string {
	t.Helper()
	src, dst := Dir(t), t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// Expectations reads sample/expected/*.txt, keyed by Expectation.Key.
func Expectations(t testing.TB, sample string) map[string]Expectation {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(sample, "expected", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no expected/*.txt in %s (%v)", sample, err)
	}
	want := map[string]Expectation{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			fields := strings.SplitN(line, " ", 3)
			if len(fields) != 3 {
				t.Fatalf("%s:%d: want FILE:LINE:COL ANALYZER TEXT, got %q", f, i+1, line)
			}
			key := fields[0] + " " + fields[1]
			if _, dup := want[key]; dup {
				t.Fatalf("%s:%d: %s listed twice", f, i+1, key)
			}
			want[key] = Expectation{Key: key, Text: fields[2], Source: fmt.Sprintf("%s:%d", filepath.Base(f), i+1)}
		}
	}
	return want
}

// Compare reports every finding of mode that is reported twice, not
// expected or without the expected text, and every expectation that mode
// missed.
func Compare(t testing.TB, mode string, got []Finding, want map[string]Expectation) {
	t.Helper()
	seen := map[string]bool{}
	for _, f := range got {
		k := f.Key()
		if seen[k] {
			t.Errorf("%s: reported twice: %s: %s", mode, k, f.Message)
			continue
		}
		seen[k] = true
		w, ok := want[k]
		switch {
		case !ok:
			t.Errorf("%s: unexpected finding %s: %s", mode, k, f.Message)
		case !strings.Contains(f.Message, w.Text):
			t.Errorf("%s: %s: message %q does not contain %q (%s)", mode, k, f.Message, w.Text, w.Source)
		}
	}
	for k, w := range want {
		if !seen[k] {
			t.Errorf("%s: missing finding %s %s (%s)", mode, k, w.Text, w.Source)
		}
	}
}
