// Package retention defines an Analyzer that reports migrations that a
// clean-up should already have deleted.
package retention

import (
	"fmt"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzers/header"
	"github.com/miglint/miglint/analyzers/internal/setup"
)

const Doc = `report migrations still present after the clean-up that should have deleted them

Migrations are kept for a retention period (default 12 months) counted from
their Finalization Time, then deleted in bulk in the clean-up months
(default January and July). A migration is overdue when it was already stale
at the end of a clean-up month that has passed. Pending migrations never
age. Configure with [migrations] retention_months and cleanup_months in
importrules.toml; delete stale migrations with "miglint stale --delete".`

var Analyzer = &analysis.Analyzer{
	Name:     "retention",
	Requires: []*analysis.Analyzer{setup.Analyzer, header.Analyzer},
	Doc:      Doc,
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
