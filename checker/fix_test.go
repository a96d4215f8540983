package checker

import (
	"bytes"
	"fmt"
	"go/token"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miglint/miglint/report"
)

func at(file string, off int) token.Position {
	return token.Position{Filename: file, Offset: off, Line: 1, Column: off + 1}
}

func insertion(file string, off int, text string) report.Finding {
	return report.Finding{Analyzer: "header", Posn: at(file, off), Message: "insert " + text,
		Fixes: []report.Fix{{Message: "insert", Edits: []report.Edit{{Start: at(file, off), End: at(file, off), NewText: text}}}}}
}

// TestFix: identical edits (a package and its test variant) apply once,
// an overlapping fix is left out and counted, and a result that is not
// Go is refused.
func TestFix(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	const src = "package main\n\nfunc main() {}\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := insertion(file, 0, "// Doc.\n")
	other := insertion(file, 0, "// Other.\n")
	plain := report.Finding{Analyzer: "mainfunc", Posn: at(file, 14), Message: "no fix"}
	fixed, err := Fix([]report.Finding{doc, doc, other, plain})
	if err != nil {
		t.Fatal(err)
	}
	if len(fixed.Files) != 1 || string(fixed.Files[0].New) != "// Doc.\n"+src || fixed.Applied != 2 || fixed.Conflicts != 1 || len(fixed.Remaining) != 2 {
		t.Fatalf("Fix = %+v; want the doc once, 2 applied, 1 conflict, 2 remaining", fixed)
	}
	if err := fixed.Write(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(file); string(data) != "// Doc.\n"+src {
		t.Errorf("after Write: %q", data)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("Write left %d entries in the directory, want the file alone", len(entries))
	}

	if _, err := Fix([]report.Finding{insertion(file, 8, "{")}); err == nil || !strings.Contains(err.Error(), "invalid Go") {
		t.Errorf("a fix that breaks the syntax: %v, want an error", err)
	}
}

// TestUnifiedDiff checks Diff's hunks on random edits of a file: git
// apply turns the old text into the new with them, and they change as
// few lines as git diff's minimal diff.
func TestUnifiedDiff(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	var lines []string
	for i := range 40 {
		lines = append(lines, fmt.Sprintf("line %d\n", i%13))
	}
	for round := range 30 {
		b := append([]string(nil), lines...)
		for range 1 + rng.IntN(4) {
			switch i := rng.IntN(len(b)); rng.IntN(3) {
			case 0:
				b = append(b[:i], b[i+1:]...)
			case 1:
				b = append(b[:i], append([]string{fmt.Sprintf("new %d\n", rng.IntN(5))}, b[i:]...)...)
			default:
				b[i] = "changed\n"
			}
		}
		if round%5 == 0 {
			b[len(b)-1] = strings.TrimSuffix(b[len(b)-1], "\n") // no newline at the end
		}
		old, new := strings.Join(lines, ""), strings.Join(b, "")
		got := string(unified(splitLines([]byte(old)), splitLines([]byte(new)), 3))
		a, c := filepath.Join(dir, "a"), filepath.Join(dir, "b")
		if err := os.WriteFile(a, []byte(old), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(c, []byte(new), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command("git", "diff", "--no-index", "--no-color", "--diff-algorithm=minimal", a, c).Output()
		want := string(out[bytes.Index(out, []byte("\n@@"))+1:])
		if patch(t, old, got) != new {
			t.Errorf("round %d: the diff does not turn the old text into the new:\n%s", round, got)
		} else if countChanges(got) != countChanges(want) {
			t.Errorf("round %d: diff\n%s\ngit diff\n%s", round, got, want)
		}
	}
}

// countChanges counts the lines a diff adds and removes.
func countChanges(d string) int {
	n := 0
	for _, l := range strings.Split(d, "\n") {
		if strings.HasPrefix(l, "+") || strings.HasPrefix(l, "-") {
			n++
		}
	}
	return n
}

// patch applies a unified diff to old with git apply.
func patch(t *testing.T, old, diff string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f"), []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "p"), []byte("--- a/f\n+++ b/f\n"+diff), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("git", "apply", "p")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Logf("git apply: %v: %s", err, out)
		return ""
	}
	data, _ := os.ReadFile(filepath.Join(dir, "f"))
	return string(data)
}
