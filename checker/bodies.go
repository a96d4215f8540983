package checker

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"

	"github.com/miglint/miglint/analyzers"
)

// NeedsDependencyBodies reports whether an analyzer of as, or one it
// requires, reads the function bodies of dependencies: it requires
// analyzers.DependencyBodies (the declaration), or buildssa or ctrlflow,
// which build SSA and control-flow graphs of every package, dependencies
// included, and export facts from them (with bodies replaced by endless
// loops, every standard function would look as if it never returned).
// Check loads the standard library and the AWS SDK without bodies only
// when it reports false.
func NeedsDependencyBodies(as []*analysis.Analyzer) bool {
	seen := map[*analysis.Analyzer]bool{}
	var needs func(a *analysis.Analyzer) bool
	needs = func(a *analysis.Analyzer) bool {
		if seen[a] {
			return false
		}
		seen[a] = true
		if a == analyzers.DependencyBodies || a == buildssa.Analyzer || a == ctrlflow.Analyzer {
			return true
		}
		for _, r := range a.Requires {
			if needs(r) {
				return true
			}
		}
		return false
	}
	for _, a := range as {
		if needs(a) {
			return true
		}
	}
	return false
}
