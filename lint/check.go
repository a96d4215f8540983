// Package lint runs miglint's analyzers over packages and writes their
// findings. The standalone checker and miglint run's lint gate share it,
// so both see exactly what the other sees.
package lint

import (
	"cmp"
	"errors"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

// gcPercent is the garbage collector's target while Check runs (unless
// GOGC says otherwise). Check keeps the syntax and types of every package
// it loads until the end, so most of its heap stays live and a collection
// frees little: collecting a quarter as often takes about a fifth off the
// time for a fifth more memory (BENCHMARKS.md, 1,000 migrations: 2.6 s
// and 750 MiB at 100, 2.0 s and 900 MiB at 400).
const gcPercent = 400

// A Finding is one diagnostic, resolved to a file position.
type Finding struct {
	Analyzer string
	Posn     token.Position
	Message  string
}

// Check loads the packages matching patterns (from dir) with their tests,
// runs the analyzers, and returns their findings sorted by position, each
// once. A load error, a configuration error or an analyzer failure is an
// error: a partial result must not look clean.
func Check(dir string, patterns []string, as []*analysis.Analyzer) ([]Finding, error) {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	}
	// Roots whose key is unchanged come from the result cache; only the
	// others are loaded and analysed (resultcache.go).
	rc := openResultCache(dir, patterns, as)
	if rc.complete() {
		return rc.findings()
	}
	if findings, ok := rc.analyseAlone(); ok {
		return findings, nil
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Tests: true}
	bodyless := bodylessDirs(dir)
	if len(bodyless) > 0 {
		cfg.ParseFile = parseWithoutBodies(bodyless)
	}
	cfg.ParseFile = rc.parseFile(cfg.ParseFile)
	pkgs, err := packages.Load(cfg, rc.loadPatterns(patterns)...)
	if err != nil {
		return nil, err
	}
	forgiveUnusedImports(pkgs, bodyless)
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	var loadErrs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			loadErrs = append(loadErrs, e.Error())
		}
	})
	if len(loadErrs) > 0 {
		return nil, fmt.Errorf("cannot load packages; fix these first:\n\t%s", strings.Join(slices.Compact(loadErrs), "\n\t"))
	}
	if err := checkConfigs(pkgs); err != nil {
		return nil, err
	}
	// Every configuration was just validated in full, so the setup
	// analyzer need not check each one's exception files again for every
	// package, as under go vet's -V=full (PrepareVet): on 1,000
	// migrations that was 140,000 stats.
	if v := analyzers.Setup.Flags.Lookup("validated"); v.Value.String() != "true" {
		v.Value.Set("true")
		defer v.Value.Set("false")
	}

	graph, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		return nil, err
	}
	seen := map[Finding]bool{}
	var findings []Finding
	var errs []error
	for act := range graph.All() {
		if act.Err != nil {
			errs = append(errs, fmt.Errorf("%s on %s: %w", act.Analyzer.Name, act.Package.PkgPath, act.Err))
			continue
		}
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			// A package and its test variant share files: report once.
			f := Finding{Analyzer: act.Analyzer.Name, Posn: act.Package.Fset.Position(d.Pos), Message: d.Message}
			if !seen[f] {
				seen[f] = true
				findings = append(findings, f)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if findings, err = rc.merge(graph, findings); err != nil {
		return nil, err
	}
	sortFindings(findings)
	return findings, nil
}

func sortFindings(findings []Finding) {
	slices.SortFunc(findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Posn.Filename, b.Posn.Filename), cmp.Compare(a.Posn.Line, b.Posn.Line),
			cmp.Compare(a.Posn.Column, b.Posn.Column), cmp.Compare(a.Analyzer, b.Analyzer), cmp.Compare(a.Message, b.Message))
	})
}

// checkConfigs validates, before any analysis, the configuration of every
// package and MIGLINT_NOW, so that a mistake is one clear error (exit 2)
// rather than an analyzer failure per package.
func checkConfigs(pkgs []*packages.Package) error {
	if _, err := migration.Now(); err != nil {
		return err
	}
	reported := map[string]bool{}
	loaded := map[string]bool{} // each file once
	var errs []error
	for _, p := range pkgs {
		if len(p.GoFiles) == 0 {
			continue
		}
		dir := filepath.Dir(p.GoFiles[0])
		if path, _ := importrules.Find(dir); loaded[path] {
			continue
		} else {
			loaded[path] = true
		}
		if _, err := importrules.ForDir(dir, importrules.Options{}); err != nil && !reported[err.Error()] {
			reported[err.Error()] = true
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid configuration:\n%w", errors.Join(errs...))
	}
	return nil
}
