package docs

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const good = `// Package x defines an Analyzer.
//
// # Analyzer x
//
// x: check something
//
// The rules, in a paragraph
// of two lines.
//
// # Other
//
// Not this.
package x
`

func TestExtract(t *testing.T) {
	want := "check something\n\nThe rules, in a paragraph\nof two lines."
	for _, src := range []string{
		good,
		"// Copyright line.\n\n" + good,
		// Runs of blank lines become one; trailing blanks and \r go.
		strings.Replace(good, "// The rules", "//\n//   \r\n// The rules", 1),
	} {
		if got, err := extract(src, "x"); err != nil || got != want {
			t.Errorf("extract(%q) = %q, %v; want %q", src, got, err, want)
		}
	}
	for _, bad := range []struct{ src, name, want string }{
		{"package x\n", "x", "no package comment"},
		{"// Package x\n", "x", "no package comment"},
		{"// Package x defines an Analyzer.\n\npackage x\n", "x", "no package comment"},
		// A comment above a blank line is not the package comment.
		{"// # Analyzer x\n//\n// x: check something\n\n// Package x.\npackage x\n", "x", `lacks a line "# Analyzer x"`},
		{good, "y", `lacks a line "# Analyzer y"`},
		{strings.Replace(good, "x: check", "check", 1), "x", `must start "x: "`},
	} {
		if _, err := extract(bad.src, bad.name); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("extract(%q) error = %v; want %q", bad.name, err, bad.want)
		}
	}
}

// TestExtractAsParsed: the section extract cuts from each analyzer's
// doc.go is the one found in the package comment as go/parser and
// CommentGroup.Text read it.
func TestExtractAsParsed(t *testing.T) {
	files, err := filepath.Glob("../../*/doc.go")
	if err != nil || len(files) < 8 {
		t.Fatalf("the analyzers' doc.go files: %v, %v", files, err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(filepath.Dir(file))
		f, err := parser.ParseFile(token.NewFileSet(), file, data, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil || f.Doc == nil {
			t.Fatalf("%s: %v", file, err)
		}
		want := parsedSection(t, f.Doc.Text(), name)
		if got, err := extract(string(data), name); err != nil || got != want {
			t.Errorf("%s: extract =\n%q, %v\nwant (go/parser)\n%q", file, got, err, want)
		}
	}
}

// parsedSection cuts name's section from a comment's text, the plain way.
func parsedSection(t *testing.T, text, name string) string {
	_, rest, ok := strings.Cut(text, "# Analyzer "+name+"\n")
	if !ok {
		t.Fatalf("no section %q in %q", name, text)
	}
	var lines []string
	for _, l := range strings.Split(rest, "\n") {
		if strings.HasPrefix(l, "#") {
			break
		}
		lines = append(lines, l)
	}
	return strings.TrimPrefix(strings.TrimSpace(strings.Join(lines, "\n")), name+": ")
}
