package header

import (
	_ "embed"

	"go/ast"
	"go/token"
	"path/filepath"
	"reflect"

	"github.com/miglint/miglint/analyzers/internal/docs"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzers/internal/setup"
	"github.com/miglint/miglint/migration"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:       "header",
	Doc:        docs.MustExtract(doc, "header"),
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
		pass.Report(analysis.Diagnostic{Pos: hf.Package, Category: "name", Message: err.Error()})
	}

	h, problems := migration.ParseHeader(migration.CommentLines(pass.Fset, hf.Doc), pkg.Now)
	tf := pass.Fset.File(hf.Pos())
	// One fix at most: two diagnostics offering the same insertion would
	// insert it twice when both are applied.
	fixOffered := false
	for _, p := range problems {
		d := analysis.Diagnostic{Pos: tf.Pos(p.Offset), Category: p.Rule, Message: p.Msg}
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
