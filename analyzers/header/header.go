// Package header defines an Analyzer that checks the header comment of
// every migration: a description, an "Execution Time:" line and a
// "Finalization Time:" line (see Doc for the rules).
package header

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzers/internal/setup"
	"github.com/miglint/miglint/migration"
)

const Doc = `check that a migration's header says what it does and when it ran

The file of a migration that declares func main carries the header as its
package doc comment: a description of at least 3 words (not a placeholder
such as TODO), then "Execution Time:" and "Finalization Time:" lines, each
exactly once, valued "YYYY-MM-DD at HH:MM:SS ZONE" (ZONE: UTC, UTC±HH,
UTC±HH:MM, ±HH, ±HHMM, ±HH:MM) or "pending" on both lines until the
migration has run in prod. Execution comes before Finalization, and neither
lies in the future. The directory must be named NNNN_snake_case_slug.
A missing header comes with a suggested fix that inserts a skeleton.`

var Analyzer = &analysis.Analyzer{
	Name:       "header",
	Doc:        Doc,
	URL:        "https://pkg.go.dev/github.com/miglint/miglint/analyzers/header",
	Requires:   []*analysis.Analyzer{setup.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Result is what the analyzer read, for analyzers that need the header
// too (retention): nil for a package that is not a migration.
type Result struct {
	File   *ast.File // the file that carries the header
	Header *migration.Header
}

const timeLines = "//\n// Execution Time:    pending\n// Finalization Time: pending"

func run(pass *analysis.Pass) (any, error) {
	pkg := setup.For(pass)
	if !pkg.IsMigration {
		return (*Result)(nil), nil
	}
	hf := migration.HeaderFile(pkg.Files)
	if _, _, err := migration.ParseName(filepath.Base(pkg.Dir)); err != nil {
		pass.Reportf(hf.Package, "%v", err)
	}

	h, problems := migration.ParseHeader(migration.CommentLines(pass.Fset, hf.Doc), pkg.Now)
	tf := pass.Fset.File(hf.Pos())
	// One fix at most: two diagnostics offering the same insertion would
	// insert it twice when both are applied.
	fixOffered := false
	for _, p := range problems {
		d := analysis.Diagnostic{Pos: tf.Pos(p.Offset), Message: p.Msg}
		switch {
		case hf.Doc == nil:
			d.Pos = hf.Package
			d.SuggestedFixes = []analysis.SuggestedFix{insert("Insert a header skeleton with pending times", hf.Package, migration.Skeleton)}
		case !fixOffered && h.ExecutionLine == nil && h.FinalizationLine == nil && p.Offset == lastLine(pass, hf.Doc):
			fixOffered = true
			d.SuggestedFixes = []analysis.SuggestedFix{insert("Add pending time lines", hf.Doc.End(), "\n"+timeLines)}
		}
		pass.Report(d)
	}
	return &Result{File: hf, Header: h}, nil
}

func insert(msg string, pos token.Pos, text string) analysis.SuggestedFix {
	return analysis.SuggestedFix{Message: msg, TextEdits: []analysis.TextEdit{{Pos: pos, End: pos, NewText: []byte(text)}}}
}

// lastLine returns the offset the parser gives to problems about missing
// time lines: the last line of the doc comment.
func lastLine(pass *analysis.Pass, doc *ast.CommentGroup) int {
	lines := migration.CommentLines(pass.Fset, doc)
	return lines[len(lines)-1].Offset
}
