package versionguard_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/miglint/miglint/analyzers/versionguard"
)

func Test(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), versionguard.Analyzer, "example.com/...", "migrations/...", "custom/...")

	// A finding is one line under 200 characters: what is wrong and what
	// to do. The rationale is in the documentation.
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if n := len([]rune(d.Message)); n >= 200 || strings.Contains(d.Message, "\n") {
				t.Errorf("%v: message of %d characters, want one line under 200: %s", r.Pass.Fset.Position(d.Pos), n, d.Message)
			}
		}
	}
}
