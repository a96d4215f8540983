// Command hollow is miglint's vet tool with the Run of every analyzer
// replaced by one that does nothing, but for those named at build time:
//
//	go build -o hollow ./hollow
//	go build -ldflags "-X main.keep=setup" -o hollow-setup ./hollow
//
// It keeps the names, Requires, flags and fact types, so x/tools starts
// the same goroutines and, run on the go vet -work directory of miglint
// (whose vetx files hold miglint's facts), decodes the same facts of each
// import as miglint does; only miglint's own code does not run, and no
// fact is exported. Against bench/noop and miglint it splits miglint's go
// vet cost per process into what go/analysis costs for miglint's analyzer
// graph and what miglint's code costs (BENCHMARKS.md, "What go vet's
// floor is for nine analyzers with facts"). Like bench/noop it shares
// checker.PrepareVet with miglint.
package main

import (
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/checker"
)

// keep lists the analyzers whose own Run stays, comma-separated (set with
// -ldflags -X); an analyzer kept keeps what it requires too, since an
// analyzer finds its requirements' results by their *analysis.Analyzer.
var keep string

func main() {
	kept := map[string]bool{}
	for _, name := range strings.Split(keep, ",") {
		kept[name] = true
	}
	hollowed := map[*analysis.Analyzer]*analysis.Analyzer{}
	var hollow func(a *analysis.Analyzer) *analysis.Analyzer
	hollow = func(a *analysis.Analyzer) *analysis.Analyzer {
		if kept[a.Name] {
			return a
		}
		if h, ok := hollowed[a]; ok {
			return h
		}
		h := *a
		hollowed[a] = &h
		h.Requires = nil
		for _, r := range a.Requires {
			h.Requires = append(h.Requires, hollow(r))
		}
		// unitchecker checks that a result has the declared type.
		var result any
		if a.ResultType != nil {
			result = reflect.Zero(a.ResultType).Interface()
		}
		h.Run = func(*analysis.Pass) (any, error) { return result, nil }
		return &h
	}
	var as []*analysis.Analyzer
	for _, a := range analyzers.All {
		as = append(as, hollow(a))
	}
	checker.PrepareVet()
	unitchecker.Main(as...)
}
