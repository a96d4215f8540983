package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

// A finding is one diagnostic, resolved to a file position.
type finding struct {
	Analyzer string
	Posn     token.Position
	Message  string
}

// lint is the standalone checker: miglint [-format F] [packages].
func lint(args []string) int {
	fs := flag.NewFlagSet("miglint", flag.ContinueOnError)
	format := fs.String("format", "text", "output format: text, json, sarif or github")
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitError
	}
	write, ok := formats[*format]
	if !ok {
		fmt.Fprintf(os.Stderr, "miglint: unknown -format %q; use text, json, sarif or github\n", *format)
		return exitError
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	findings, err := check(".", patterns, analyzers.All)
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
		return exitError
	}
	if err := write(os.Stdout, findings); err != nil {
		fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
		return exitError
	}
	if len(findings) > 0 {
		return exitFindings
	}
	return exitClean
}

// check loads the packages matching patterns (from dir) with their tests,
// runs the analyzers, and returns their findings sorted by position, each
// once. A load error, a configuration error or an analyzer failure is an
// error: a partial result must not look clean.
func check(dir string, patterns []string, as []*analysis.Analyzer) ([]finding, error) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Tests: true}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
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

	graph, err := checker.Analyze(as, pkgs, nil)
	if err != nil {
		return nil, err
	}
	seen := map[finding]bool{}
	var findings []finding
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
			f := finding{Analyzer: act.Analyzer.Name, Posn: act.Package.Fset.Position(d.Pos), Message: d.Message}
			if !seen[f] {
				seen[f] = true
				findings = append(findings, f)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(findings, func(a, b finding) int {
		return cmp.Or(cmp.Compare(a.Posn.Filename, b.Posn.Filename), cmp.Compare(a.Posn.Line, b.Posn.Line),
			cmp.Compare(a.Posn.Column, b.Posn.Column), cmp.Compare(a.Analyzer, b.Analyzer), cmp.Compare(a.Message, b.Message))
	})
	return findings, nil
}

// checkConfigs validates, before any analysis, the configuration of every
// package and MIGLINT_NOW, so that a mistake is one clear error (exit 2)
// rather than an analyzer failure per package.
func checkConfigs(pkgs []*packages.Package) error {
	if _, err := migration.Now(); err != nil {
		return err
	}
	reported := map[string]bool{}
	var errs []error
	for _, p := range pkgs {
		if len(p.GoFiles) == 0 {
			continue
		}
		if _, err := importrules.ForDir(filepath.Dir(p.GoFiles[0])); err != nil && !reported[err.Error()] {
			reported[err.Error()] = true
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid configuration:\n%w", errors.Join(errs...))
	}
	return nil
}
