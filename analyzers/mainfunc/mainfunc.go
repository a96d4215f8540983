package mainfunc

import (
	_ "embed"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzers/internal/docs"
	"github.com/miglint/miglint/analyzers/internal/setup"
	"github.com/miglint/miglint/migration"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "mainfunc",
	Doc:      docs.MustExtract(doc, "mainfunc"),
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
