package forbiddenimport_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/miglint/miglint/analyzers/forbiddenimport"
)

// The cases live in testdata/src/example.com/shop, each package with its
// // want comments; its importrules.toml holds the rules and exceptions.
func Test(t *testing.T) {
	t.Setenv("MIGLINT_NOW", "2026-11-21")
	t.Setenv("MIGLINT_CONFIG", "")
	analysistest.Run(t, analysistest.TestData(), forbiddenimport.Analyzer, "example.com/shop/...")
}

// Under rules that name only dotted paths, a migration skips the graphs
// of imports that hold only undotted ones (the standard library's), but
// still searches an undotted package that reaches a forbidden one.
func TestDottedRulesOnly(t *testing.T) {
	t.Setenv("MIGLINT_NOW", "2026-11-21")
	t.Setenv("MIGLINT_CONFIG", "")
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "dotted"), forbiddenimport.Analyzer, "example.com/plain/...")
}
