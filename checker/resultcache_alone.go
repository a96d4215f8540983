package checker

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/miglint/miglint/report"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/types/objectpath"
)

// Loading a missed migration with its dependencies means type-checking the
// ~300 packages it depends on from source again (about 1.3 s of CPU on
// 1,000 migrations), though none of them changed. So beside each
// package's findings the cache keeps, under the same key, what its
// importers need from it, as go vet's build does: its analysis facts and,
// for packages that a root imports directly, its export data (the types
// of its API, gcexportdata). When every root that missed is a plain
// package (no test variant, no cgo) whose dependencies all hit, Check
// type-checks each alone from source against its imports' export data
// and runs the analyzers with its dependencies' facts, as the vet
// protocol does (unitchecker): the same inputs give the same findings,
// and both modes are tested to agree. Otherwise the misses go through
// the full loader (listload.go) as before.

// A full run writes the entries of all the packages it analysed into
// one file per module and executable (the pack), not one file each:
// creating 300 files took 0.3 to 0.4 s of a first run on 1,000
// migrations on this project's machines. The pack keeps the entries of
// packages that a run did not load (one migration's run after ./...),
// one per package, the newest. A package analysed alone gets a file of
// its own.

// A typesEntry is what importers of a package need from it.
type typesEntry struct {
	Key     string
	Package string // its ID
	Facts   []factRecord
	Export  []byte // nil unless some root imports the package directly
}

// A factRecord is one fact: about the package (Object "") or about one
// of its objects, by object path.
type factRecord struct {
	Object objectpath.Path
	Fact   analysis.Fact
}

func (rc *resultCache) typesPath(key string) string {
	return filepath.Join(rc.dir, key[:2], key+".types")
}

// packPath is the pack of the runs of this executable in the module
// that holds dir.
func packPath(cacheDir, moduleRoot string) string {
	h := sha256.New()
	exe, _ := executableID()
	fmt.Fprintf(h, "%s\x00%s", moduleRoot, exe)
	return filepath.Join(cacheDir, "packs", fmt.Sprintf("%x", h.Sum(nil))[:40]+".types")
}

// aloneEnabled: a test turns analyseAlone off to compare it with
// the full loader.
var aloneEnabled = true

var registerFacts sync.Once

// registerFactTypes lets gob encode the facts of every analyzer.
func registerFactTypes(as []*analysis.Analyzer) {
	registerFacts.Do(func() {
		for _, a := range allAnalyzers(as) {
			for _, f := range a.FactTypes {
				gob.Register(f)
			}
		}
	})
}

// allAnalyzers returns as and everything they require, prerequisites
// first.
func allAnalyzers(as []*analysis.Analyzer) []*analysis.Analyzer {
	var order []*analysis.Analyzer
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, r := range a.Requires {
			visit(r)
		}
		order = append(order, a)
	}
	for _, a := range as {
		visit(a)
	}
	return order
}

// directImports are the packages some root imports: their export data
// is kept.
func (rc *resultCache) directImports() map[string]bool {
	m := map[string]bool{}
	for _, p := range rc.roots {
		for _, imp := range p.Imports {
			m[imp] = true
		}
	}
	return m
}

// saveTypes stores in the pack, for every package of graph, its facts,
// and the export data of those a root imports.
func (rc *resultCache) saveTypes(graph *checker.Graph) {
	registerFactTypes(rc.as)
	direct := rc.directImports()
	facts := map[*checker.Action][]factRecord{}
	byPkg := map[string][]*checker.Action{}
	var pack []typesEntry
	for act := range graph.All() {
		if act.Err != nil || len(act.Analyzer.FactTypes) == 0 {
			continue
		}
		byPkg[act.Package.ID] = append(byPkg[act.Package.ID], act)
	}
	for id, acts := range byPkg {
		p, pkg := rc.pkgs[id], acts[0].Package
		// Nothing imports a main package but its own tests, whose
		// variants analyseAlone leaves to the full loader.
		if p == nil || p.key == "" || pkg.Name == "main" || !rc.sameSources(p) {
			continue
		}
		e := typesEntry{Key: p.key, Package: id, Facts: []factRecord{}}
		ok := true
		for _, act := range acts {
			for _, f := range act.AllPackageFacts() {
				if f.Package == pkg.Types {
					e.Facts = append(e.Facts, factRecord{Fact: f.Fact})
				}
			}
			for _, f := range act.AllObjectFacts() {
				if f.Object.Pkg() != pkg.Types {
					continue
				}
				// An object without a path is not in the export data:
				// no importer can name it (unitchecker drops it too).
				if op, err := objectpath.For(f.Object); err == nil {
					e.Facts = append(e.Facts, factRecord{Object: op, Fact: f.Fact})
				}
			}
			facts[act] = e.Facts
		}
		if direct[id] && pkg.Types != nil && pkg.Name != "main" {
			var b bytes.Buffer
			if err := gcexportdata.Write(&b, pkg.Fset, pkg.Types); err != nil {
				ok = false
			}
			e.Export = b.Bytes()
		}
		if ok {
			pack = append(pack, e)
		}
	}
	if rc.pack == nil {
		rc.pack = rc.readPack()
	}
	for _, e := range rc.pack {
		if _, loaded := byPkg[e.Package]; !loaded {
			pack = append(pack, *e)
		}
	}
	var b bytes.Buffer
	if gob.NewEncoder(&b).Encode(pack) == nil {
		writeAtomic(rc.packFile, b.Bytes())
	}
}

func (rc *resultCache) writeTypes(path string, e *typesEntry) {
	var b bytes.Buffer
	if gob.NewEncoder(&b).Encode(e) != nil {
		return
	}
	writeAtomic(path, b.Bytes())
}

func (rc *resultCache) readTypes(key string) (*typesEntry, bool) {
	if rc.pack == nil {
		rc.pack = rc.readPack()
	}
	if e, ok := rc.pack[key]; ok {
		return e, true
	}
	data, err := os.ReadFile(rc.typesPath(key))
	if err != nil {
		return nil, false
	}
	var e typesEntry
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&e) != nil || e.Key != key {
		return nil, false
	}
	touch(rc.typesPath(key))
	return &e, true
}

// readPack returns the entries of the pack by key; none when it is
// missing or corrupt.
func (rc *resultCache) readPack() map[string]*typesEntry {
	m := map[string]*typesEntry{}
	data, err := os.ReadFile(rc.packFile)
	if err != nil {
		return m
	}
	var pack []typesEntry
	if gob.NewDecoder(bytes.NewReader(data)).Decode(&pack) != nil {
		return m
	}
	for i := range pack {
		m[pack[i].Key] = &pack[i]
	}
	touch(rc.packFile)
	return m
}

// analyseAlone answers a run whose misses are plain packages with warm
// dependencies, as described above; ok is false when it cannot (then
// Check loads the misses with their dependencies).
func (rc *resultCache) analyseAlone() (findings []report.Finding, ok bool) {
	if rc == nil || !aloneEnabled {
		return nil, false
	}
	as := rc.as
	registerFactTypes(as)
	var missed []*listed
	for _, p := range rc.roots {
		if _, hit := rc.hits[p.ImportPath]; hit {
			continue
		}
		if p.ForTest != "" || strings.Contains(p.ImportPath, " ") || strings.HasSuffix(p.ImportPath, ".test") ||
			len(p.CgoFiles) > 0 || len(p.GoFiles) == 0 {
			return nil, false
		}
		missed = append(missed, p)
	}
	// Each miss's dependencies must all have entries, and none may miss.
	entries := map[string]*typesEntry{}
	for _, p := range missed {
		for _, d := range rc.deps(p) {
			if _, done := entries[d.ImportPath]; done {
				continue
			}
			if _, hit := rc.hits[d.ImportPath]; !hit && !d.DepOnly {
				return nil, false // a root that missed
			}
			e, ok := rc.readTypes(d.key)
			if !ok {
				return nil, false
			}
			entries[d.ImportPath] = e
		}
		for _, imp := range p.Imports {
			if e := entries[imp]; imp != "unsafe" && (e == nil || e.Export == nil) {
				return nil, false
			}
		}
	}
	analysed := map[string][]report.Finding{}
	for _, p := range missed {
		fs, err := rc.analyseOne(p, as, entries)
		if err != nil {
			return nil, false
		}
		analysed[p.ImportPath] = fs
	}
	seen := map[string]bool{}
	for _, p := range rc.roots {
		fs, ok := analysed[p.ImportPath]
		if !ok {
			fs = rc.hits[p.ImportPath]
		} else if rc.exactClock || !slices.ContainsFunc(fs, fromHeader) {
			rc.keep[p.key] = fs
		}
		for _, f := range fs {
			if !seen[findingKey(f)] {
				seen[findingKey(f)] = true
				findings = append(findings, f)
			}
		}
	}
	rc.writeRun()
	rc.prune()
	rc.count(len(analysed), len(analysed))
	sortFindings(findings)
	return findings, true
}

// deps returns the packages p depends on, directly or not.
func (rc *resultCache) deps(p *listed) []*listed {
	var out []*listed
	seen := map[string]bool{}
	var visit func(p *listed)
	visit = func(p *listed) {
		for _, imp := range p.Imports {
			if q := rc.pkgs[imp]; q != nil && !seen[imp] && imp != "unsafe" {
				seen[imp] = true
				out = append(out, q)
				visit(q)
			}
		}
	}
	visit(p)
	return out
}

type objectFactKey struct {
	obj types.Object
	typ reflect.Type
}

type packageFactKey struct {
	pkg *types.Package
	typ reflect.Type
}

// analyseOne type-checks p from source against its imports' export data
// and runs the analyzers on it, with the facts of its dependencies.
func (rc *resultCache) analyseOne(p *listed, as []*analysis.Analyzer, entries map[string]*typesEntry) ([]report.Finding, error) {
	fset := token.NewFileSet()
	imports := map[string]*types.Package{}
	for _, imp := range p.Imports {
		if imp == "unsafe" {
			continue
		}
		if _, err := gcexportdata.Read(bytes.NewReader(entries[imp].Export), fset, imports, imp); err != nil {
			return nil, err
		}
	}
	var files []*ast.File
	for _, name := range p.GoFiles {
		name = filepath.Join(p.Dir, name)
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if sum := sha256.Sum256(src); !bytes.Equal(sum[:], p.files[name]) {
			return nil, errors.New("changed since listed")
		}
		f, err := parser.ParseFile(fset, name, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	info := newTypesInfo()
	var typeErr error
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if pkg := imports[path]; pkg != nil && pkg.Complete() {
				return pkg, nil
			}
			return nil, fmt.Errorf("no export data for %s", path)
		}),
		Error: func(err error) {
			if typeErr == nil {
				typeErr = err
			}
		},
		Sizes: types.SizesFor("gc", rc.goarch),
	}
	if m := p.Module; m != nil && m.GoVersion != "" {
		tc.GoVersion = "go" + m.GoVersion
	}
	pkg, _ := tc.Check(p.ImportPath, fset, files, info)
	if typeErr != nil {
		return nil, typeErr // the full loader reports it as Check always did
	}

	// The facts of the dependencies, for objects and packages the export
	// data names (as unitchecker decodes them).
	objFacts := map[objectFactKey]analysis.Fact{}
	pkgFacts := map[packageFactKey]analysis.Fact{}
	for _, d := range rc.deps(p) {
		e, dep := entries[d.ImportPath], imports[d.ImportPath]
		if e == nil || dep == nil {
			continue
		}
		for _, r := range e.Facts {
			if r.Object == "" {
				pkgFacts[packageFactKey{dep, reflect.TypeOf(r.Fact)}] = r.Fact
			} else if obj, err := objectpath.Object(dep, r.Object); err == nil {
				objFacts[objectFactKey{obj, reflect.TypeOf(r.Fact)}] = r.Fact
			}
		}
	}

	module := &analysis.Module{}
	if m := p.Module; m != nil {
		module = &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
	}
	results := map[*analysis.Analyzer]any{}
	var findings []report.Finding
	own := typesEntry{Key: p.key, Facts: []factRecord{}}
	for _, a := range allAnalyzers(as) {
		factType := func(f analysis.Fact) bool {
			return slices.ContainsFunc(a.FactTypes, func(t analysis.Fact) bool { return reflect.TypeOf(t) == reflect.TypeOf(f) })
		}
		inputs := map[*analysis.Analyzer]any{}
		for _, r := range a.Requires {
			inputs[r] = results[r]
		}
		pass := &analysis.Pass{
			Analyzer:   a,
			Fset:       fset,
			Files:      files,
			Pkg:        pkg,
			TypesInfo:  info,
			TypesSizes: tc.Sizes,
			Module:     module,
			ResultOf:   inputs,
			Report: func(d analysis.Diagnostic) {
				findings = append(findings, finding(fset, a.Name, d))
			},
			ReadFile: func(name string) ([]byte, error) {
				for _, f := range p.GoFiles {
					if filepath.Join(p.Dir, f) == name {
						return os.ReadFile(name)
					}
				}
				return nil, fmt.Errorf("%s is not among the package's files", name)
			},
			ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
				f, ok := objFacts[objectFactKey{obj, reflect.TypeOf(ptr)}]
				if ok {
					reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
				}
				return ok
			},
			ImportPackageFact: func(q *types.Package, ptr analysis.Fact) bool {
				f, ok := pkgFacts[packageFactKey{q, reflect.TypeOf(ptr)}]
				if ok {
					reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(f).Elem())
				}
				return ok
			},
			ExportObjectFact: func(obj types.Object, f analysis.Fact) {
				objFacts[objectFactKey{obj, reflect.TypeOf(f)}] = f
				if op, err := objectpath.For(obj); err == nil && obj.Pkg() == pkg {
					own.Facts = append(own.Facts, factRecord{Object: op, Fact: f})
				}
			},
			ExportPackageFact: func(f analysis.Fact) {
				pkgFacts[packageFactKey{pkg, reflect.TypeOf(f)}] = f
				own.Facts = append(own.Facts, factRecord{Fact: f})
			},
			AllObjectFacts: func() []analysis.ObjectFact {
				var out []analysis.ObjectFact
				for k, f := range objFacts {
					if factType(f) {
						out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
					}
				}
				return out
			},
			AllPackageFacts: func() []analysis.PackageFact {
				var out []analysis.PackageFact
				for k, f := range pkgFacts {
					if factType(f) {
						out = append(out, analysis.PackageFact{Package: k.pkg, Fact: f})
					}
				}
				return out
			},
		}
		res, err := a.Run(pass)
		if err != nil {
			return nil, fmt.Errorf("%s on %s: %w", a.Name, p.ImportPath, err)
		}
		results[a] = res
	}
	if findings == nil {
		findings = []report.Finding{}
	}
	if pkg.Name() != "main" {
		// Its importers, if any root has them, will want its types.
		var b bytes.Buffer
		if rc.directImports()[p.ImportPath] && gcexportdata.Write(&b, fset, pkg) == nil {
			own.Export = b.Bytes()
		}
		rc.writeTypes(rc.typesPath(p.key), &own)
	}
	return findings, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
