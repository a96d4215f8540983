package writeerr_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/miglint/miglint/analyzers/writeerr"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), writeerr.Analyzer, "migrations/...", "example.com/...")
}
