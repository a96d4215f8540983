package mainfunc_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/miglint/miglint/analyzers/mainfunc"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), mainfunc.Analyzer, "migrations/...", "notmigration")
}
