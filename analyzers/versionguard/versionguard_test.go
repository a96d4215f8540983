package versionguard_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/miglint/miglint/analyzers/versionguard"
)

func Test(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), versionguard.Analyzer, "example.com/...", "migrations/...", "custom/...")
}
