package unprocessed_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/miglint/miglint/analyzers/unprocessed"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), unprocessed.Analyzer, "migrations/...", "example.com/...")
}
