// Package mainfunc defines an Analyzer that checks that every migration is
// a program with something to run.
package mainfunc

import (
	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzers/internal/setup"
	"github.com/miglint/miglint/migration"
)

const Doc = `check that a migration is a package main with a non-empty func main

A migration is run as a program (miglint run builds it with go build), so
its package must be named main and declare func main, and main must do
something: an empty main means the migration silently changes nothing.`

var Analyzer = &analysis.Analyzer{
	Name:     "mainfunc",
	Doc:      Doc,
	URL:      "https://pkg.go.dev/github.com/miglint/miglint/analyzers/mainfunc",
	Requires: []*analysis.Analyzer{setup.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	pkg := setup.For(pass)
	if !pkg.IsMigration {
		return nil, nil
	}
	first := pkg.Files[0]
	if name := pass.Pkg.Name(); name != "main" {
		pass.Reportf(first.Name.Pos(), "migration is package %s; a migration is a program: write \"package main\" in every file", name)
		return nil, nil
	}
	for _, f := range pkg.Files {
		if fn := migration.MainFunc(f); fn != nil {
			if fn.Body != nil && len(fn.Body.List) == 0 {
				pass.Reportf(fn.Name.Pos(), "func main is empty, so this migration changes nothing; write the migration in main (miglint new shows the version-guard pattern)")
			}
			return nil, nil
		}
	}
	pass.Reportf(migration.HeaderFile(pkg.Files).Name.Pos(), "migration has no func main; declare func main() { ... } that performs the migration, in the file that carries the header")
	return nil, nil
}
