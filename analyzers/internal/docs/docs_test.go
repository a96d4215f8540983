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
	got, err := extract(good, "x")
	want := "check something\n\nThe rules, in a paragraph\nof two lines."
	if err != nil || got != want {
		t.Errorf("extract = %q, %v; want %q", got, err, want)
	}
	for _, bad := range []struct{ src, name, want string }{
		{"package x\n", "x", "no package comment"},
		{good, "y", `lacks a line "# Analyzer y"`},
		{strings.Replace(good, "x: check", "check", 1), "x", `must start "x: "`},
	} {
		if _, err := extract(bad.src, bad.name); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("extract(%q) error = %v; want %q", bad.name, err, bad.want)
		}
	}
}

// TestPackageComment: the text packageComment cuts from each analyzer's
// doc.go is what go/parser and CommentGroup.Text make of it.
func TestPackageComment(t *testing.T) {
	files, err := filepath.Glob("../../*/doc.go")
	if err != nil || len(files) < 8 {
		t.Fatalf("the analyzers' doc.go files: %v, %v", files, err)
	}
	for _, name := range append(files, "good") {
		src := good
		if name != "good" {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			src = string(data)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil || f.Doc == nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got, ok := packageComment(src); !ok || got != f.Doc.Text() {
			t.Errorf("%s: packageComment =\n%q\nwant (go/parser)\n%q", name, got, f.Doc.Text())
		}
	}
}
