// Command noop is a vet tool that reports nothing. go vet still has it
// parse and type-check every package, dependencies included, and write
// each package's vetx file, so its run time is the floor that miglint's
// go vet run is measured against (see bench/forbiddenimport.sh).
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/miglint/miglint/checker"
)

var analyzer = &analysis.Analyzer{
	Name: "noop",
	Doc:  "report nothing; the floor for benchmarks of go vet -vettool",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() {
	checker.PrepareVet()
	unitchecker.Main(analyzer)
}
