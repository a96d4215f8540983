// Package forbiddenimport defines an Analyzer that reports packages that
// import, directly or through other packages, something that a
// [[forbidden]] rule of importrules.toml forbids, unless an [[exception]]
// excuses the file; it also reports exceptions that excuse nothing.
//
// Each package exports a Reach fact: the import graph of everything it
// reaches, independent of any configuration, so that go vet (which shows
// a package only the facts of its direct imports) and the standalone
// checker see the same graph and report the same findings.
package forbiddenimport

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzers/internal/setup"
	"github.com/miglint/miglint/importrules"
)

const Doc = `report imports, direct or through other packages, that an import rule forbids

Each [[forbidden]] rule of importrules.toml names the packages it forbids
(packages, minus the carve-outs in allow: the longest matching pattern
wins; patterns match whole path segments, so ".../dynamodb" never matches
".../dynamodbstreams"), the packages it applies to (from; empty means the
migrations) and the packages through which reaching a forbidden one is
fine (via). A package that both packages and via name is forbidden. A
package that a rule's packages, allow or via name is not itself checked
against that rule.

For each file of a package the rule applies to, and each forbidden package
the file reaches, one finding is reported at the file's import that starts
a shortest chain to it. With indirect = true (the default) chains follow
imports of imports, through the module, third-party modules and the
standard library alike, and stop at packages in allow or via and at the
first forbidden package. The message names the rule, its message and the
whole chain; a hop inside the directory of importrules.toml (the module
root when there is none) shows the file:line of its import. Test files are
not checked: they are not part of the program that runs.

An [[exception]] excuses its file reaching the packages its import pattern
names, directly or through a chain; a chain through an import that an
exception excuses in another package is excused too (every file of that
package importing the next hop must be excused). Past its expires date an
exception excuses nothing, and the finding says when it expired. An
exception that excuses nothing, because its file no longer reaches the
import or is not checked, is reported at the package clause of that file
when the file's package is analysed (so both miglint and go vet report
it); an exception for a file that no analysed package holds is not.

Packages in the module cache and the standard library are only
summarised, never checked: their facts carry the import graph onward.`

var Analyzer = &analysis.Analyzer{
	Name:      "forbiddenimport",
	Doc:       Doc,
	URL:       "https://pkg.go.dev/github.com/miglint/miglint/analyzers/forbiddenimport",
	Requires:  []*analysis.Analyzer{setup.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(Reach)},
}

func run(pass *analysis.Pass) (any, error) {
	local := !setup.IsDependency(pass)
	// Nothing imports a main package (a migration, or the main package
	// that the go command generates for a test) but its own external
	// test, whose files forbiddenimport does not check: its fact would be
	// of no use.
	exportFact := pass.Pkg.Name() != "main"

	pkg := setup.For(pass)
	var cfg *importrules.Config // nil: nothing to check
	if local {
		cfg = pkg.Config
	}

	// Without a fact to export, the graph is needed only as far as the
	// search for chains goes, and it stops at every package that a rule
	// forbids, allows or lets through (via): the graphs below those
	// imports, often most of it (a migration's data-model package), are
	// not merged at all.
	var stopsEverySearch func(path string) bool
	if !exportFact && cfg != nil {
		stopsEverySearch = func(path string) bool {
			for i := range cfg.Forbidden {
				if classify(&cfg.Forbidden[i], path) == ordinary {
					return false
				}
			}
			return true
		}
	}
	g, root, sites, err := build(pass, local, stopsEverySearch)
	if err != nil {
		return nil, err
	}
	if exportFact {
		pass.ExportPackageFact(g.fact(root))
	}
	if cfg == nil || len(cfg.Forbidden) == 0 {
		return nil, nil
	}
	c := &checker{
		pass:        pass,
		cfg:         cfg,
		now:         pkg.Now,
		g:           g,
		root:        root,
		isMigration: pkg.IsMigration,
		checked:     map[*ast.File]bool{},
		sitesOf:     map[*ast.File][]importSite{},
	}
	for _, f := range pkg.Files {
		c.checked[f] = true
	}
	for _, s := range sites {
		c.sitesOf[s.file] = append(c.sitesOf[s.file], s)
	}
	c.check()
	return nil, nil
}
