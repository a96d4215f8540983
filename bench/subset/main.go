// Command subset is miglint's vet tool with only some of its analyzers,
// named at build time, so that one run of bench/run.sh can tell what a
// group of analyzers adds to go vet:
//
//	go build -ldflags "-X main.names=forbiddenimport,header" -o vet2 ./subset
//
// Like bench/noop it shares checker.PrepareVet with miglint, and it links
// what miglint's vet mode links, so the difference to miglint is the
// analyzers left out.
package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/checker"
)

// names lists the analyzers to serve, comma-separated (set with -ldflags -X).
var names string

func main() {
	var as []*analysis.Analyzer
	for _, name := range strings.Split(names, ",") {
		i := slices.IndexFunc(analyzers.All, func(a *analysis.Analyzer) bool { return a.Name == name })
		if i < 0 {
			fmt.Fprintf(os.Stderr, "subset: no analyzer %q (built with -ldflags \"-X main.names=%s\")\n", name, names)
			os.Exit(2)
		}
		as = append(as, analyzers.All[i])
	}
	checker.PrepareVet()
	unitchecker.Main(as...)
}
