package header_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/miglint/miglint/analyzers/header"
)

func Test(t *testing.T) {
	t.Setenv("MIGLINT_NOW", "2026-11-21T12:00:00Z")
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), header.Analyzer, "migrations/...", "notmigration")
}
