// Package checker is miglint's standalone driver: it lists packages with
// one go list, type-checks them from source as go/packages would
// (listload.go), and runs analyzers over them with
// golang.org/x/tools/go/analysis/checker. miglint ./... and miglint run's
// lint gate share it, so both see exactly what the other sees; go vet
// runs the same analyzers through the vet protocol (PrepareVet).
package checker

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
	"sync/atomic"

	"golang.org/x/tools/go/analysis"
	analysischecker "golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
	"github.com/miglint/miglint/report"
)

// gcPercent is the garbage collector's target while Check runs (unless
// GOGC says otherwise). Check keeps the syntax and types of every package
// it loads until the end, so most of its heap stays live and a collection
// frees little: collecting a quarter as often took about a fifth off the
// time for a fifth more memory (BENCHMARKS.md, 1,000 migrations: 2.6 s
// and 750 MiB at 100, 2.0 s and 900 MiB at 400). Since the dependencies'
// bodies and tables are blanked (blank.go), 800 takes another 7% off
// and the peak is no higher: 1,000 migrations 1.12 s and 406-425 MiB
// against 1.25 s and 379-452 MiB at 400; 5,000 migrations 4.2-4.5 s and
// 1.3-1.4 GiB against 4.5-7.2 s and 1.75 GiB (fewer collections, and a
// peak that depends on when the last one ran).
const gcPercent = 800

// Check loads the packages matching patterns (from dir) with their tests,
// runs the analyzers, and returns their findings sorted by position, each
// once. A load error, a configuration error or an analyzer failure is an
// error: a partial result must not look clean.
//
// The standard library and the AWS SDK are loaded without function
// bodies unless one of the analyzers needs them (NeedsDependencyBodies).
func Check(dir string, patterns []string, as []*analysis.Analyzer) ([]report.Finding, error) {
	return check(dir, patterns, as, !NeedsDependencyBodies(as))
}

func check(dir string, patterns []string, as []*analysis.Analyzer, trim bool) ([]report.Finding, error) {
	if os.Getenv("GOGC") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(gcPercent))
	}
	analyzers.NewRun()
	env, err := goEnv(dir)
	if err != nil {
		return nil, err
	}
	if !env.inModule() {
		return nil, errors.New("run miglint inside a Go module (a directory with go.mod)")
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Tests: true}
	var bodyless []string
	if trim {
		bodyless = env.bodylessDirs()
		cfg.ParseFile = parseWithoutBodies(bodyless)
	}
	sources := &parsedSources{env: env}
	cfg.ParseFile = sources.recording(cfg.ParseFile)
	// Roots whose key is unchanged come from the result cache; only the
	// others are loaded and analysed (resultcache.go).
	// A first run will load everything: begin with the dependencies
	// while the listing runs (speculate.go).
	// A GOPACKAGESDRIVER (Bazel's, say) knows the packages better than go
	// list: go/packages asks it, as before this loader.
	driver := os.Getenv("GOPACKAGESDRIVER")
	ownLoader := driver == "" || driver == "off"
	// The listing that keys the result cache and that the packages are
	// loaded from: the module's plain packages read from their files,
	// and go list for the rest (lightlist.go), or the full go list
	// (listload.go).
	var l listResult
	var spec *speculation
	if ownLoader {
		scan := scanModule(dir, patterns, env)
		l.listing, l.err = listLight(dir, scan)
		listedLight.Store(l.err == nil)
		if l.err != nil {
			listed := make(chan listResult, 1)
			go func() {
				l, err := list(dir, patterns)
				listed <- listResult{l, err}
			}()
			if firstRun(dir, patterns) {
				spec = speculate(dir, scan, env, cfg.ParseFile)
				defer spec.stop()
			}
			l = <-listed
		}
	} else {
		l.listing, l.err = list(dir, patterns)
	}
	var rc *resultCache
	if l.err == nil {
		if ownLoader && spec == nil && firstRun(dir, patterns) {
			// List the cgo packages' compiled files beside the keys.
			go l.listing.listCompiled()
		}
		rc = openResultCache(dir, patterns, as, env, l.listing)
	}
	if rc.complete() {
		return rc.findings()
	}
	if findings, ok := rc.analyseAlone(); ok {
		return findings, nil
	}
	var pkgs []*packages.Package
	if ownLoader && l.err == nil {
		pkgs, err = loadListed(env.GOARCH, env.GOVERSION, l.listing, rc.loadRoots(l.listing), cfg.ParseFile, spec)
	}
	if !ownLoader || l.err != nil || err != nil {
		// A listing with an error: go/packages lists again, and reports.
		spec.stop()
		pkgs, err = packages.Load(cfg, rc.loadPatterns(patterns)...)
	}
	if err != nil {
		return nil, err
	}
	rc.parsed(sources)
	forgiveUnusedImports(pkgs, bodyless)
	if err := loadErrors(env.moduleRoot(dir), pkgs); err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	configs := new(importrules.Finder)
	if l.err == nil {
		configs = &l.listing.configs
	}
	if err := checkConfigs(pkgs, configs); err != nil {
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

	graph, err := analysischecker.Analyze(as, pkgs, nil)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var findings []report.Finding
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
			f := finding(act.Package.Fset, act.Analyzer.Name, d)
			// A package and its test variant share files: report once.
			key := findingKey(f)
			if !seen[key] {
				seen[key] = true
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

// listedLight says whether the last Check listed light (for tests).
var listedLight atomic.Bool

// listResult is what list returned.
type listResult struct {
	listing *listing
	err     error
}

func sortFindings(findings []report.Finding) {
	slices.SortFunc(findings, func(a, b report.Finding) int {
		return cmp.Or(cmp.Compare(a.Posn.Filename, b.Posn.Filename), cmp.Compare(a.Posn.Line, b.Posn.Line),
			cmp.Compare(a.Posn.Column, b.Posn.Column), cmp.Compare(a.Analyzer, b.Analyzer), cmp.Compare(a.Message, b.Message))
	})
}

// findingKey identifies a finding: a package and its test variant share
// files, and report each of them once.
func findingKey(f report.Finding) string {
	return fmt.Sprintf("%s\x00%s\x00%s\x00%s", f.Analyzer, f.Category, f.Posn, f.Message)
}

// finding resolves a diagnostic, its end and its suggested fixes to file
// positions.
func finding(fset *token.FileSet, analyzer string, d analysis.Diagnostic) report.Finding {
	f := report.Finding{Analyzer: analyzer, Category: d.Category, Posn: fset.Position(d.Pos), Message: d.Message}
	if d.End.IsValid() && d.End > d.Pos {
		f.End = fset.Position(d.End)
	}
	for _, sf := range d.SuggestedFixes {
		fix := report.Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			end := e.End
			if !end.IsValid() {
				end = e.Pos
			}
			fix.Edits = append(fix.Edits, report.Edit{Start: fset.Position(e.Pos), End: fset.Position(end), NewText: string(e.NewText)})
		}
		f.Fixes = append(f.Fixes, fix)
	}
	return f
}

// checkConfigs validates, before any analysis, the configuration of every
// package and MIGLINT_NOW, so that a mistake is one clear error (exit 2)
// rather than an analyzer failure per package.
func checkConfigs(pkgs []*packages.Package, configs *importrules.Finder) error {
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
		if path, _ := configs.Find(dir); loaded[path] {
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
		return fmt.Errorf("invalid configuration:\n%s", relativeText(errors.Join(errs...).Error()))
	}
	return nil
}
