// Package report holds miglint's findings and writes them in the formats
// of miglint -format: text, json, sarif and github. It knows nothing of
// the registry: a format that describes the analyzers (SARIF's rules) is
// given the analyzers that ran.
package report

import (
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/miglint/miglint/internal/paths"

	"golang.org/x/tools/go/analysis"
)

// A Finding is one diagnostic, resolved to file positions.
type Finding struct {
	Analyzer string
	// Category is the analyzer's kind of problem (analysis.Diagnostic's
	// Category), "" for an analyzer with one kind.
	Category string
	Posn     token.Position
	End      token.Position // !End.IsValid() when the analyzer gave no end
	Message  string
	Fixes    []Fix // the suggested fixes, in the analyzer's order
}

// A Fix is one suggested fix: edits that belong together.
type Fix struct {
	Message string
	Edits   []Edit
}

// An Edit replaces the bytes of Start.Filename from Start.Offset to
// End.Offset by NewText.
type Edit struct {
	Start, End token.Position
	NewText    string
}

// Rule is the finding's stable rule id: the analyzer's name, and its
// category after a slash when it has one ("header/missing").
func (f Finding) Rule() string {
	if f.Category == "" {
		return f.Analyzer
	}
	return f.Analyzer + "/" + f.Category
}

// Formats are the names that Write accepts.
var Formats = []string{"text", "json", "sarif", "github"}

// Write writes findings in the named format; as are the analyzers that
// ran (SARIF describes each as a rule).
func Write(w io.Writer, format string, findings []Finding, as []*analysis.Analyzer) error {
	switch format {
	case "text":
		return Text(w, findings)
	case "json":
		return writeJSON(w, findings)
	case "sarif":
		return writeSARIF(w, findings, as)
	case "github":
		return writeGitHub(w, findings)
	}
	return fmt.Errorf("unknown format %q; use %s", format, strings.Join(Formats, ", "))
}

// IsFormat reports whether Write knows the format.
func IsFormat(format string) bool { return slices.Contains(Formats, format) }

// Text prints path:line:col: message (analyzer), one finding a line, paths
// relative to the working directory.
func Text(w io.Writer, findings []Finding) error {
	for _, f := range findings {
		if _, err := fmt.Fprintf(w, "%s:%d:%d: %s (%s)\n", Relative(f.Posn.Filename), f.Posn.Line, f.Posn.Column, f.Message, f.Analyzer); err != nil {
			return err
		}
	}
	return nil
}

// Relative returns path relative to the working directory when it lies
// below it, else path: how findings, and load errors, name files.
func Relative(path string) string { return paths.Display(path) }

// relTo makes an absolute path relative to base when it lies below base.
func relTo(base, path string) string {
	if !filepath.IsAbs(path) {
		return path
	}
	rel, _ := paths.Rel(base, path)
	return rel
}

// repoRoot is the top of the git work tree around the working directory,
// or the working directory: SARIF and GitHub annotations want paths
// relative to the repository.
func repoRoot() string {
	wd, _ := os.Getwd()
	if top, ok := paths.FindUp(wd, ".git"); ok {
		return top
	}
	return wd
}
