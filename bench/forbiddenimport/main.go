// Command forbiddenimport is a vet tool with miglint's forbiddenimport
// analyzer alone, so that bench/forbiddenimport.sh can tell its cost from
// that of the other analyzers.
package main

import (
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/miglint/miglint/analyzers/forbiddenimport"
	"github.com/miglint/miglint/checker"
)

func main() {
	checker.PrepareVet()
	unitchecker.Main(forbiddenimport.Analyzer)
}
