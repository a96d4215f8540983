package pagination_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/miglint/miglint/analyzers/pagination"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), pagination.Analyzer, "migrations/...", "example.com/...")
}
