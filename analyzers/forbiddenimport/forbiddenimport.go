package forbiddenimport

import (
	_ "embed"

	"go/ast"

	"github.com/miglint/miglint/analyzers/internal/docs"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzers/internal/setup"
	"github.com/miglint/miglint/importrules"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "forbiddenimport",
	Doc:       docs.MustExtract(doc, "forbiddenimport"),
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
	// not merged at all. Nor are those of imports whose graphs hold only
	// paths like the standard library's when no rule names such a path:
	// a migration's context, log and runtime, whose merging cost its go
	// vet process 0.2 M instructions and a dozen page faults (BENCHMARKS.md).
	var stopsEverySearch func(path string, fact *Reach) bool
	if !exportFact && cfg != nil {
		standardForbidden := forbidsStandardPaths(cfg)
		stopsEverySearch = func(path string, fact *Reach) bool {
			if fact.StandardPathsOnly && !standardForbidden {
				return true
			}
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

// forbidsStandardPaths reports whether a rule of cfg can forbid a package
// whose path has no dot in its first element (math/bits, or a module
// named without one): one of its patterns is "..." or such a path.
func forbidsStandardPaths(cfg *importrules.Config) bool {
	for _, r := range cfg.Forbidden {
		for _, p := range r.Packages {
			if p == "..." || !dotted(p) {
				return true
			}
		}
	}
	return false
}
