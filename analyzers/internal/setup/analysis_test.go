package setup

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// probe reports what setup told it, at each file's package clause, so
// that analysistest's want comments assert it as an analyzer sees it.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "report what the setup analyzer says about each package",
	Requires: []*analysis.Analyzer{Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		p := For(pass)
		what := "not a migration"
		if p.IsMigration {
			what = "migration " + filepath.Base(p.Dir)
		}
		for _, f := range p.Files {
			pass.Reportf(f.Package, "%s, retention %d months", what, p.Config.Migrations.RetentionMonths)
		}
		return nil, nil
	},
}

func TestAnalyzer(t *testing.T) {
	t.Setenv("MIGLINT_CONFIG", "")
	t.Setenv("MIGLINT_NOW", "2026-11-21")
	analysistest.Run(t, analysistest.TestData(), probe, "migrations/0001_backfill", "example.com/lib")
}
