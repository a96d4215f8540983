package docs

import (
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
