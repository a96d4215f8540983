package retention

import (
	_ "embed"

	"fmt"

	"github.com/miglint/miglint/analyzers/internal/docs"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzers/header"
	"github.com/miglint/miglint/analyzers/internal/setup"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "retention",
	Requires: []*analysis.Analyzer{setup.Analyzer, header.Analyzer},
	Doc:      docs.MustExtract(doc, "retention"),
	URL:      "https://pkg.go.dev/github.com/miglint/miglint/analyzers/retention",
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	// The header analyzer has read the header already (and reports what
	// is wrong with it).
	res := pass.ResultOf[header.Analyzer].(*header.Result)
	if res == nil {
		return nil, nil // not a migration
	}
	pkg, hf, h := setup.For(pass), res.File, res.Header
	if h.Pending || h.Finalization.IsZero() {
		return nil, nil // nothing to age; header reports what is wrong
	}
	age := pkg.Retention().AgeOf(h.Finalization, pkg.Now)
	if !age.Overdue {
		return nil, nil
	}
	pos := pass.Fset.File(hf.Pos()).Pos(h.FinalizationLine.Offset)
	pass.Report(analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(
		"migration finalized %s went stale on %s (after %d months) and should have been deleted in the %s clean-up; delete stale migrations with \"miglint stale --delete\"",
		h.Finalization.UTC().Format("2006-01-02"), age.StaleSince.Format("2006-01-02"),
		pkg.Config.Migrations.RetentionMonths, age.MissedCleanup.Format("January 2006"))})
	return nil, nil
}
