package forbiddenimport

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/miglint/miglint/internal/wire"

	"golang.org/x/tools/go/analysis"
)

// Reach is the package fact: the import graph of everything a package
// reaches. Under go vet a package sees the facts of its direct imports
// only, so each fact carries the whole graph below its package, copied
// from the facts of its own imports. The graph holds no judgement: which
// packages are forbidden depends on the importrules.toml of the package
// being checked, while a dependency in the module cache or the standard
// library is summarised without one.
//
// The fact stays linear in the number of packages reached: each path once,
// each import as an index, and import positions only for packages outside
// the standard library and the module cache, where an exception can name
// a file and a chain shows file:line. go vet decodes the facts of every
// direct import of every package it analyses, so the graph is one byte
// string in a compact form rather than fields that gob would decode
// string by string.
type Reach struct {
	// Graph is the import graph in the form described above graph.fact.
	Graph []byte
	// StandardPathsOnly: no path in the graph has a dot in its first
	// element, as in the standard library, whose packages import only
	// each other. No rule that names only such dotted paths as the SDK's
	// can forbid anything below the package, so a main package need not
	// merge its graph (forbiddenimport.run); gob sends it only when true.
	StandardPathsOnly bool
}

// AFact marks Reach as a fact.
func (*Reach) AFact() {}

// Packages returns the path of the package the fact is about, then the
// paths of the packages it reaches.
func (r *Reach) Packages() ([]string, error) {
	g := newGraph(0)
	if err := g.merge(r); err != nil {
		return nil, err
	}
	return g.paths, nil
}

func (r *Reach) String() string {
	paths, err := r.Packages()
	switch {
	case err != nil:
		return err.Error()
	case len(paths) <= 1:
		return "reaches nothing"
	}
	return "reaches " + strings.Join(paths[1:], ", ")
}

// site is where a file of a package imports another package.
type site struct {
	file int // index into local.files
	line int
}

// local is what a graph knows of a package whose positions are recorded.
type local struct {
	dir   string
	files []string
	sites [][]site // parallel to graph.imports of the package
}

// graph is the import graph reached from one package, merged from the
// facts of its direct imports.
type graph struct {
	index   map[string]int
	paths   []string
	imports [][]int // sorted by path; nil until known
	known   []bool
	local   map[int]*local
}

// newGraph returns an empty graph with room for size packages.
func newGraph(size int) *graph {
	return &graph{index: make(map[string]int, size), paths: make([]string, 0, size),
		imports: make([][]int, 0, size), known: make([]bool, 0, size), local: map[int]*local{}}
}

// node returns the index of path, adding it if new.
func (g *graph) node(path string) int {
	if i, ok := g.index[path]; ok {
		return i
	}
	i := len(g.paths)
	g.index[path] = i
	g.paths = append(g.paths, path)
	g.imports = append(g.imports, nil)
	g.known = append(g.known, false)
	return i
}

// The graph of a Reach fact is a sequence of uvarints and strings (a
// uvarint length, then the bytes):
//
//	N                       packages: the package itself, then the rest by path
//	N times: shared, rest   the path: its first shared bytes are those of the
//	                        previous path, rest (a string) follows them
//	N times: k, k indices   each package's imports, sorted by path
//	L                       packages with import positions
//	L times:
//	  index, dir, F, F files   dir absolute, files relative to it, sorted
//	  for each import of the package: s, then s times: file index, line

// fact encodes the graph as seen from root, which reaches every other
// package in it.
func (g *graph) fact(root int) *Reach {
	order := make([]int, 0, len(g.paths))
	for i := range g.paths {
		if i != root {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(g.paths[a], g.paths[b]) })
	order = slices.Insert(order, 0, root)
	pos := make([]int, len(g.paths))
	for i, id := range order {
		pos[id] = i
	}

	var w wire.Writer
	w.Uint(len(order))
	prev := ""
	for _, id := range order {
		p := g.paths[id]
		shared := 0
		for shared < len(p) && shared < len(prev) && p[shared] == prev[shared] {
			shared++
		}
		w.Uint(shared)
		w.String(p[shared:])
		prev = p
	}
	var locals []int
	for i, id := range order {
		w.Uint(len(g.imports[id]))
		for _, imp := range g.imports[id] {
			w.Uint(pos[imp])
		}
		if g.local[id] != nil {
			locals = append(locals, i)
		}
	}
	w.Uint(len(locals))
	for _, i := range locals {
		l := g.local[order[i]]
		w.Uint(i)
		w.String(l.dir)
		w.Uint(len(l.files))
		for _, f := range l.files {
			w.String(f)
		}
		for _, ss := range l.sites {
			w.Uint(len(ss))
			for _, s := range ss {
				w.Uint(s.file)
				w.Uint(s.line)
			}
		}
	}
	return &Reach{Graph: w.Buf, StandardPathsOnly: !slices.ContainsFunc(g.paths, dotted)}
}

// dotted reports whether the first element of an import path has a dot,
// as a module path outside the standard library usually has.
func dotted(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return strings.Contains(first, ".")
}

// merge adds the graph of a fact. Every package in a fact comes with its
// complete list of imports, so a package already known is skipped: within
// one build each path stands for one package.
func (g *graph) merge(r *Reach) error {
	rd := &wire.Reader{Buf: r.Graph}
	n := rd.Count()
	ids := make([]int, n)
	var path []byte
	for i := range ids {
		shared, rest := rd.Uint(), rd.Bytes()
		if shared > len(path) {
			return fmt.Errorf("corrupt Reach fact: path %d", i)
		}
		path = append(path[:shared], rest...)
		// Indexing by string(path) does not allocate; only new paths do.
		id, ok := g.index[string(path)]
		if !ok {
			id = g.node(string(path))
		}
		ids[i] = id
	}
	counts := make([]int, n)
	fresh := make([]bool, n) // known from this fact, not an earlier one
	for i, id := range ids {
		counts[i] = rd.Count()
		if g.known[id] {
			for range counts[i] {
				rd.Uint()
			}
			continue
		}
		imps := make([]int, counts[i])
		for j := range imps {
			k := rd.Uint()
			if k >= n {
				return fmt.Errorf("corrupt Reach fact: import %d of %d", k, n)
			}
			imps[j] = ids[k]
		}
		g.imports[id], g.known[id], fresh[i] = imps, true, true
	}
	for range rd.Count() {
		i := rd.Uint()
		if i >= n {
			return fmt.Errorf("corrupt Reach fact: package %d of %d", i, n)
		}
		l := &local{dir: string(rd.Bytes())}
		l.files = make([]string, rd.Count())
		for j := range l.files {
			l.files[j] = string(rd.Bytes())
		}
		l.sites = make([][]site, counts[i])
		for j := range l.sites {
			for range rd.Count() {
				s := site{file: rd.Uint(), line: rd.Uint()}
				if s.file >= len(l.files) {
					return fmt.Errorf("corrupt Reach fact: file %d of %d", s.file, len(l.files))
				}
				l.sites[j] = append(l.sites[j], s)
			}
		}
		if fresh[i] {
			g.local[ids[i]] = l
		}
	}
	if err := rd.Done(); err != nil {
		return fmt.Errorf("corrupt Reach fact: %w", err)
	}
	return nil
}

// importSite is one import declaration of the package being analysed.
type importSite struct {
	file *ast.File
	spec *ast.ImportSpec
	path string // the imported package's path, as the type checker resolved it
	posn token.Position
}

// importedPath returns the path of the package an import declaration
// imports. The type checker's answer covers vendoring; the literal, which
// may be backquoted, is the fallback for a declaration it did not resolve.
func importedPath(info *types.Info, spec *ast.ImportSpec) (string, bool) {
	if pn := info.PkgNameOf(spec); pn != nil && pn.Imported() != nil {
		return pn.Imported().Path(), true
	}
	p, err := strconv.Unquote(spec.Path.Value)
	if err != nil || p == "C" { // cgo's pseudo-package has no facts or imports
		return "", false
	}
	return p, true
}

// build returns the graph reached from the analysed package: the union of
// its direct imports' facts, plus the package itself with its import
// sites. The facts of imports that skip reports true for are left out:
// such an import is in the graph, importing nothing.
func build(pass *analysis.Pass, recordSites bool, skip func(path string, fact *Reach) bool) (g *graph, root int, sites []importSite, err error) {

	imported := map[string]bool{}
	for _, f := range pass.Files {
		for _, spec := range f.Imports {
			path, ok := importedPath(pass.TypesInfo, spec)
			if !ok {
				continue
			}
			sites = append(sites, importSite{file: f, spec: spec, path: path, posn: pass.Fset.Position(spec.Pos())})
			imported[path] = true
		}
	}
	type importFact struct {
		path string
		fact *Reach
	}
	var facts []importFact
	for _, pkg := range pass.Pkg.Imports() {
		r := new(Reach)
		if pass.ImportPackageFact(pkg, r) && (skip == nil || !skip(pkg.Path(), r)) {
			facts = append(facts, importFact{pkg.Path(), r})
		}
	}
	// A fact holds everything its package reaches, so once a package is
	// known so is all below it: merging the largest facts first leaves
	// most of the others with nothing to add, and they are skipped.
	slices.SortStableFunc(facts, func(a, b importFact) int { return len(b.fact.Graph) - len(a.fact.Graph) })
	// The largest fact is most of the graph: size it once rather than
	// grow it package by package.
	size := 1 + len(pass.Pkg.Imports())
	if len(facts) > 0 {
		size += (&wire.Reader{Buf: facts[0].fact.Graph}).Count()
	}
	g = newGraph(size)
	root = g.node(pass.Pkg.Path())
	for _, f := range facts {
		if id, ok := g.index[f.path]; ok && g.known[id] {
			continue
		}
		if err := g.merge(f.fact); err != nil {
			return nil, 0, nil, fmt.Errorf("%s: %v", f.path, err)
		}
	}

	paths := make([]string, 0, len(imported))
	for p := range imported {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	imps := make([]int, len(paths))
	for i, p := range paths {
		imps[i] = g.node(p)
		// A package without a fact (unsafe) imports nothing.
		g.known[imps[i]] = true
	}
	g.imports[root], g.known[root] = imps, true

	if recordSites && len(sites) > 0 {
		g.local[root] = localSites(paths, sites)
	}
	return g, root, sites, nil
}

// localSites records, for each import path in paths, the files that import
// it and on which line.
func localSites(paths []string, sites []importSite) *local {
	fileIndex := map[string]int{}
	var files []string
	for _, s := range sites {
		if _, ok := fileIndex[s.posn.Filename]; !ok {
			fileIndex[s.posn.Filename] = 0
			files = append(files, s.posn.Filename)
		}
	}
	slices.Sort(files)
	dir := filepath.Dir(files[0])
	rel := make([]string, len(files))
	for i, f := range files {
		fileIndex[f] = i
		rel[i] = f
		if r, err := filepath.Rel(dir, f); err == nil {
			rel[i] = filepath.ToSlash(r)
		}
	}
	l := &local{dir: dir, files: rel, sites: make([][]site, len(paths))}
	byPath := map[string]int{}
	for i, p := range paths {
		byPath[p] = i
	}
	for _, s := range sites {
		i := byPath[s.path]
		fi := fileIndex[s.posn.Filename]
		// One site per file: the first declaration in it.
		if n := len(l.sites[i]); n > 0 && l.sites[i][n-1].file == fi {
			continue
		}
		l.sites[i] = append(l.sites[i], site{fi, s.posn.Line})
	}
	for _, ss := range l.sites {
		slices.SortFunc(ss, func(a, b site) int { return a.file - b.file })
	}
	return l
}
