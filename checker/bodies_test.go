package checker

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/report"
)

// neverReturns stands for an analyzer that reads dependency bodies: it
// reports every function that never returns, which ctrlflow finds from
// the facts it exports for every package, the standard library included.
// With bodies replaced by endless loops, a function that calls
// fmt.Println would never return either.
var neverReturns = &analysis.Analyzer{
	Name:     "neverreturns",
	Doc:      "report functions that never return",
	Requires: []*analysis.Analyzer{ctrlflow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
		for _, f := range pass.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && cfgs.NoReturn(fn) {
						pass.Reportf(fd.Name.Pos(), "%s never returns", fn.Name())
					}
				}
			}
		}
		return nil, nil
	},
}

func TestNeedsDependencyBodies(t *testing.T) {
	wrap := func(name string, req ...*analysis.Analyzer) *analysis.Analyzer {
		return &analysis.Analyzer{Name: name, Doc: name, Requires: req, Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	}
	for _, tc := range []struct {
		as   []*analysis.Analyzer
		want bool
	}{
		{[]*analysis.Analyzer{wrap("plain", inspect.Analyzer)}, false},
		{[]*analysis.Analyzer{wrap("ssa", buildssa.Analyzer)}, true},
		{[]*analysis.Analyzer{wrap("plain", inspect.Analyzer), wrap("deep", wrap("mid", ctrlflow.Analyzer))}, true},
		{[]*analysis.Analyzer{wrap("declared", analyzers.DependencyBodies)}, true},
		{[]*analysis.Analyzer{neverReturns}, true},
	} {
		if got := NeedsDependencyBodies(tc.as); got != tc.want {
			t.Errorf("NeedsDependencyBodies(%v) = %v, want %v", tc.as, got, tc.want)
		}
	}
}

// TestTrimmingIsInvisible runs every registered analyzer, and one that
// needs dependency bodies, on the sample with bodies loaded and as Check
// loads them: each must report the same (Check gives the one that needs
// them their bodies: TestNeedsDependencyBodies). Forcing the trim on that
// one must change what it reports, else this test proves nothing.
func TestTrimmingIsInvisible(t *testing.T) {
	t.Setenv("MIGLINT_NOW", "2026-11-21")
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	const sample = "../testdata/sample"
	patterns := []string{"./..."}
	all := append(slices.Clone(analyzers.All), neverReturns)

	full, err := check(sample, patterns, all, false)
	if err != nil {
		t.Fatal(err)
	}
	var trimmable []*analysis.Analyzer
	for _, a := range all {
		if !NeedsDependencyBodies([]*analysis.Analyzer{a}) {
			trimmable = append(trimmable, a)
		}
	}
	if slices.Contains(trimmable, neverReturns) {
		t.Fatal("an analyzer that requires ctrlflow counts as not needing dependency bodies")
	}
	if len(trimmable) > 0 {
		trimmed, err := Check(sample, patterns, trimmable) // loads without bodies
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range trimmable {
			if got, want := of(trimmed, a), of(full, a); !slices.Equal(got, want) {
				t.Errorf("%s without dependency bodies reports\n\t%q\nwith them\n\t%q", a.Name, got, want)
			}
		}
	}
	forced, err := check(sample, patterns, []*analysis.Analyzer{neverReturns}, true)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(of(forced, neverReturns), of(full, neverReturns)) {
		t.Errorf("trimming did not change what a ctrlflow analyzer sees (%d findings): this test proves nothing", len(full))
	}
}

// of lists the findings of one analyzer, as comparable text.
func of(fs []report.Finding, a *analysis.Analyzer) []string {
	var out []string
	for _, f := range fs {
		if f.Analyzer == a.Name {
			out = append(out, fmt.Sprintf("%s %s-%s %s", f.Rule(), f.Posn, f.End, f.Message))
		}
	}
	return out
}
