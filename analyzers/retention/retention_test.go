package retention_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/miglint/miglint/analyzers/retention"
)

func Test(t *testing.T) {
	t.Setenv("MIGLINT_NOW", "2026-11-21T12:00:00Z")
	analysistest.Run(t, analysistest.TestData(), retention.Analyzer, "migrations/...", "notmigration")
}
