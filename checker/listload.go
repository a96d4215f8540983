package checker

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/packages"

	"github.com/miglint/miglint/importrules"
)

// One go list serves the whole run. go/packages lists with -compiled
// whenever syntax is asked for, so that the go command hands it the Go
// files that cgo writes; for that the go command computes the build
// action of every package, 0.35 of the 0.7 s its go list took on 1,000
// migrations, for the sake of three packages of the standard library
// (net, os/user, runtime/cgo). Check lists once without -compiled, the
// listing the result cache keys on too, asks the go command for the
// compiled files of the cgo packages alone, and type-checks the packages
// from source itself (loadListed), as go/packages does after its go list:
// the same files, the same syntax, the same import graph, the same
// types.Config, the same errors. Whatever the listing does not vouch for
// (a package with an error, files named on the command line, no package)
// goes to go/packages as before, so that a user sees the errors Check has
// always reported. TestLoadListedIsGoPackages compares the two on the
// sample, cgo and test variants included.

// listed is one package as go list describes it.
type listed struct {
	Name       string
	ImportPath string
	Dir        string
	GoFiles    []string
	CgoFiles   []string
	Imports    []string
	ImportMap  map[string]string
	ForTest    string
	DepOnly    bool
	Standard   bool
	Module     *packages.Module
	Error      *struct{ Err string }
	DepsErrors []*struct{ Err string }
	// What go/packages calls OtherFiles and IgnoredFiles.
	CFiles, CXXFiles, MFiles, HFiles, FFiles, SFiles, SwigFiles, SwigCXXFiles, SysoFiles []string
	IgnoredGoFiles, IgnoredOtherFiles                                                    []string
	CompiledGoFiles                                                                      []string // of compiled only

	// compiled is what go list -compiled says of a package that runs
	// through cgo or SWIG: its compiled files and the imports that cgo
	// adds (runtime/cgo). The keys do not use it: the files it comes
	// from are in them.
	compiled *listed

	key   string            // hex; "" until computed
	files map[string][]byte // absolute file name -> sha256, of hashed files
}

// listFields are the fields of go list's output that listed holds.
const listFields = "Name,ImportPath,Dir,GoFiles,CgoFiles,Imports,ImportMap,ForTest,DepOnly,Standard,Module,Error,DepsErrors," +
	"CFiles,CXXFiles,MFiles,HFiles,FFiles,SFiles,SwigFiles,SwigCXXFiles,SysoFiles,IgnoredGoFiles,IgnoredOtherFiles"

// listing is the go list of one run: every package by ID, and the roots,
// those the patterns name (test variants included), in go list's order.
type listing struct {
	dir   string
	pkgs  map[string]*listed
	roots []*listed

	compiledOnce sync.Once
	compiledErr  error

	// configs finds the configuration of each listed directory once.
	configs importrules.Finder
}

// goListArgs are go/packages' flags but -compiled: -e, so that a broken
// package is described rather than failing the list; no VCS stamps or
// profile-guided variants, which only builds use.
func goListArgs(more ...string) []string {
	return append([]string{"list", "-e", "-buildvcs=false", "-pgo=off"}, more...)
}

// list runs go list -deps -test on patterns in dir. An error means the
// listing cannot be used: some package has an error, or the patterns
// name files or nothing; Check then leaves the run to go/packages.
func list(dir string, patterns []string) (*listing, error) {
	pkgs, err := goList(dir, goListArgs(append([]string{"-deps", "-test", "-json=" + listFields, "--"}, patterns...)...))
	if err != nil {
		return nil, err
	}
	l := &listing{dir: dir, pkgs: map[string]*listed{}}
	for _, p := range pkgs {
		if p.Error != nil || len(p.DepsErrors) > 0 {
			return nil, errors.New(p.ImportPath + ": error")
		}
		if p.ImportPath == "command-line-arguments" {
			return nil, errors.New("files named on the command line")
		}
		l.pkgs[p.ImportPath] = p
		if !p.DepOnly {
			l.roots = append(l.roots, p)
		}
	}
	if len(l.roots) == 0 {
		return nil, errors.New("no packages")
	}
	return l, nil
}

// goList runs the go command with args in dir and decodes its packages.
func goList(dir string, args []string) ([]*listed, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	var pkgs []*listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(listed)
		if err := dec.Decode(p); err == io.EOF {
			return pkgs, nil
		} else if err != nil {
			return nil, err
		}
		pkgs = append(pkgs, p)
	}
}

// viaCgo reports whether the go command turns some of p's files into
// others before compiling them.
func (p *listed) viaCgo() bool {
	return len(p.CgoFiles)+len(p.SwigFiles)+len(p.SwigCXXFiles) > 0
}

// listCompiled asks go list -compiled about the listed packages that go
// through cgo, once, and keeps its answer in their compiled field. Check
// starts it early when it will likely load.
func (l *listing) listCompiled() error {
	l.compiledOnce.Do(func() { l.compiledErr = l.runListCompiled() })
	return l.compiledErr
}

func (l *listing) runListCompiled() error {
	// Plain packages without -test, so that cgo does not also run for
	// their test variants; the test variants of the module's cgo
	// packages with it.
	paths := map[bool][]string{}
	for _, p := range l.pkgs {
		if !p.viaCgo() || p.compiled != nil {
			continue
		}
		test, path := p.ForTest != "", p.ImportPath
		if test {
			path = p.ForTest
		}
		if !slices.Contains(paths[test], path) {
			paths[test] = append(paths[test], path)
		}
	}
	for test, paths := range paths {
		slices.Sort(paths)
		args := goListArgs("-compiled", fmt.Sprintf("-test=%t", test), "-json=ImportPath,Imports,ImportMap,CompiledGoFiles,Error", "--")
		pkgs, err := goList(l.dir, append(args, paths...))
		if err != nil {
			return err
		}
		for _, c := range pkgs {
			if p := l.pkgs[c.ImportPath]; p != nil && p.viaCgo() && p.compiled == nil {
				if c.Error != nil || len(c.CompiledGoFiles) == 0 {
					return fmt.Errorf("%s: no compiled files", c.ImportPath)
				}
				p.compiled = c
			}
		}
	}
	for _, p := range l.pkgs {
		if p.viaCgo() && p.compiled == nil {
			return fmt.Errorf("%s: not in go list -compiled", p.ImportPath)
		}
	}
	return nil
}

// closure returns roots and every package they depend on, each once,
// dependencies before their importers; an import cycle (which go list
// reports as an error) is one.
func (l *listing) closure(roots []*listed) ([]*listed, error) {
	return l.closureBy(roots, (*listed).imports)
}

// closureBy is closure by the imports that imports returns.
func (l *listing) closureBy(roots []*listed, imports func(*listed) []string) ([]*listed, error) {
	var out []*listed
	const visiting, visited = 1, 2
	state := map[*listed]int{}
	var visit func(p *listed) error
	visit = func(p *listed) error {
		switch state[p] {
		case visiting:
			return fmt.Errorf("import cycle through %s", p.ImportPath)
		case visited:
			return nil
		}
		state[p] = visiting
		for _, imp := range imports(p) {
			if q := l.pkgs[imp]; q != nil {
				if err := visit(q); err != nil {
					return err
				}
			}
		}
		state[p] = visited
		out = append(out, p)
		return nil
	}
	for _, p := range roots {
		if err := visit(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// imports are the IDs of the packages p's compiled files import.
func (p *listed) imports() []string {
	if p.compiled != nil {
		return p.compiled.Imports
	}
	return p.Imports
}

// absJoin makes file names relative to dir absolute, as go/packages does.
func absJoin(dir string, lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, f := range l {
			if !filepath.IsAbs(f) {
				f = filepath.Join(dir, f)
			}
			out = append(out, f)
		}
	}
	return out
}

// loadListed parses and type-checks roots and their dependencies from the
// listing, and returns the roots as go/packages.Load with LoadAllSyntax,
// NeedModule and Tests returns them. parse is Config.ParseFile. What spec
// (nil: none) has loaded already of the same packages is kept.
func loadListed(goarch, goVersion string, l *listing, roots []*listed, parse func(*token.FileSet, string, []byte) (*ast.File, error), spec *speculation) ([]*packages.Package, error) {
	ld, workers := spec.take(l)
	if ld == nil {
		var err error
		if ld, err = newListLoader(goarch, parse); err != nil {
			return nil, err
		}
		// What needs no cgo starts while go list -compiled runs (which
		// may be writing the compiled fields now: their plain imports).
		plain, err := l.closureBy(roots, func(p *listed) []string { return p.Imports })
		if err != nil {
			return nil, err
		}
		if now, _ := withoutCgo(plain); len(now) > 0 {
			if err := ld.add(now); err != nil {
				return nil, err
			}
			workers = runtime.GOMAXPROCS(0)
			ld.work(workers)
		}
	}
	defer ld.stop()
	// All of the listing's cgo packages (but those spec listed), as the
	// imports that cgo adds reach packages no plain import does
	// (runtime/cgo, itself cgo's).
	if err := l.listCompiled(); err != nil {
		return nil, err
	}
	need, err := l.closure(roots)
	if err != nil {
		return nil, err
	}
	if err := ld.add(need); err != nil {
		return nil, err
	}
	ld.work(runtime.GOMAXPROCS(0) - workers)
	// Only for what the listing needs: a speculation may have queued
	// more (an import of a file no build includes), which stop drops.
	for _, p := range need {
		<-ld.pkgs[p.ImportPath].done
	}
	skewed := goVersionSkew(goVersion)
	var out []*packages.Package
	for _, p := range need {
		if pkg := ld.pkgs[p.ImportPath].Package; skewed != "" && len(pkg.Errors) > 0 {
			pkg.Errors = append(pkg.Errors, packages.Error{Pos: "-", Msg: skewed, Kind: packages.UnknownError})
		}
	}
	for _, p := range roots {
		out = append(out, ld.pkgs[p.ImportPath].Package)
	}
	return out, nil
}

// withoutCgo splits packages (each after its imports) into those that
// need no cgo, theirs or an import's, and the rest, which go list
// -compiled must describe first.
func withoutCgo(pkgs []*listed) (now, later []*listed) {
	waits := map[string]bool{}
	for _, p := range pkgs {
		waits[p.ImportPath] = p.viaCgo() || slices.ContainsFunc(p.Imports, func(id string) bool { return waits[id] })
		if waits[p.ImportPath] {
			later = append(later, p)
		} else {
			now = append(now, p)
		}
	}
	return now, later
}

// goVersionSkew is what go/packages adds to the errors of a package when
// the go command is newer than the go/parser and go/types miglint was
// built with, which may not know what the files use; "" when it is not.
func goVersionSkew(goVersion string) string {
	var runtimeMinor, goMinor int
	if _, err := fmt.Sscanf(runtime.Version(), "go1.%d", &runtimeMinor); err != nil {
		return ""
	}
	if _, err := fmt.Sscanf(goVersion, "go1.%d", &goMinor); err != nil || runtimeMinor >= goMinor {
		return ""
	}
	return fmt.Sprintf("This application uses version go1.%d of the source-processing packages but runs version go1.%d of 'go list'. It may fail to process source files that rely on newer language features. If so, rebuild the application using a newer version of Go.", runtimeMinor, goMinor)
}

// importsByPath maps each import path of p's files to the ID of the
// package it denotes, as go/packages fills Package.Imports: the import
// map where the two differ ("fmt" -> "fmt [m.test]"), else the same.
func importsByPath(p *listed) map[string]string {
	c := p
	if p.compiled != nil {
		c = p.compiled
	}
	out := map[string]string{}
	ids := map[string]bool{}
	for _, id := range c.Imports {
		ids[id] = true
	}
	for path, id := range c.ImportMap {
		out[path] = id
		delete(ids, id)
	}
	for id := range ids {
		if id != "C" {
			out[id] = id
		}
	}
	return out
}

// listLoader parses and type-checks on one goroutine per core, not one
// per package as go/packages does: the parser's and the type checker's
// recursion grow a new goroutine's stack again and again (copying
// stacks was 6% of a cold run's CPU on 1,000 migrations). Packages can be
// added while it works (a speculation's, then the listing's).
type listLoader struct {
	fset  *token.FileSet
	parse func(*token.FileSet, string, []byte) (*ast.File, error)
	sizes types.Sizes
	queue jobQueue

	mu    sync.Mutex                 // guards what follows, and the fields of packages and files that say what is done
	pkgs  map[string]*loadingPackage // by ID
	files map[string]*sourceFile     // each file once: a package and its test variant share files
}

type loadingPackage struct {
	*packages.Package
	files     []*sourceFile
	importers []*loadingPackage
	checked   bool
	done      chan struct{} // closed once checked
	waiting   atomic.Int32  // files not yet parsed and imports not yet type-checked
}

type sourceFile struct {
	name    string
	f       *ast.File
	err     error
	parsed  bool
	readers []*loadingPackage
}

func newListLoader(goarch string, parse func(*token.FileSet, string, []byte) (*ast.File, error)) (*listLoader, error) {
	ld := &listLoader{fset: token.NewFileSet(), parse: parse, sizes: types.SizesFor("gc", goarch),
		pkgs: map[string]*loadingPackage{}, files: map[string]*sourceFile{}}
	if ld.sizes == nil {
		return nil, fmt.Errorf("no sizes for GOARCH %s", goarch)
	}
	ld.queue.cond.L = &ld.queue.mu
	return ld, nil
}

// add queues the parsing and type checking of the packages of need (each
// after its imports) that the loader does not have yet.
func (ld *listLoader) add(need []*listed) error {
	ld.mu.Lock()
	defer ld.mu.Unlock()
	// Every import must be loaded or come earlier in need: check before
	// changing anything, so that an error leaves the loader as it was.
	known := map[string]bool{}
	for _, p := range need {
		for _, id := range importsByPath(p) {
			if ld.pkgs[id] == nil && !known[id] {
				return fmt.Errorf("%s imports %s, which go list did not describe", p.ImportPath, id)
			}
		}
		known[p.ImportPath] = true
	}
	var added []*loadingPackage
	for _, p := range need {
		if ld.pkgs[p.ImportPath] != nil {
			continue
		}
		lp := &loadingPackage{Package: ld.newPackage(p), done: make(chan struct{})}
		lp.waiting.Store(1) // until add has counted what it waits for
		ld.pkgs[p.ImportPath] = lp
		added = append(added, lp)
		for path, id := range importsByPath(p) {
			dep := ld.pkgs[id]
			lp.Imports[path] = dep.Package
			if !dep.checked && !slices.Contains(dep.importers, lp) {
				dep.importers = append(dep.importers, lp)
				lp.waiting.Add(1)
			}
		}
		for _, name := range lp.CompiledGoFiles {
			sf := ld.files[name]
			if sf == nil {
				sf = &sourceFile{name: name}
				ld.files[name] = sf
				ld.queue.push(false, func() { ld.parseFile(sf) })
			}
			lp.files = append(lp.files, sf)
			if !sf.parsed {
				sf.readers = append(sf.readers, lp)
				lp.waiting.Add(1)
			}
		}
	}
	for _, lp := range added {
		ld.ready(lp)
	}
	return nil
}

// work starts n more workers.
func (ld *listLoader) work(n int) {
	for range n {
		go func() {
			for job := ld.queue.pop(); job != nil; job = ld.queue.pop() {
				job()
			}
		}()
	}
}

// stop ends the workers once their jobs are done; the loader's queued
// work is dropped.
func (ld *listLoader) stop() { ld.queue.stop() }

// ready counts down what lp waits for, and queues its type check when
// nothing is left.
func (ld *listLoader) ready(lp *loadingPackage) {
	if lp.waiting.Add(-1) == 0 {
		ld.queue.push(true, func() { ld.check(lp) })
	}
}

// parseFile reads and parses a file for every package that reads it.
func (ld *listLoader) parseFile(sf *sourceFile) {
	src, err := os.ReadFile(sf.name)
	if err == nil {
		sf.f, err = ld.parse(ld.fset, sf.name, src)
	}
	ld.mu.Lock()
	sf.err, sf.parsed = err, true
	readers := sf.readers
	ld.mu.Unlock()
	for _, lp := range readers {
		ld.ready(lp)
	}
}

// jobQueue holds the loader's work: type checks first, as packages wait
// for them.
type jobQueue struct {
	mu             sync.Mutex
	cond           sync.Cond
	checks, parses []func()
	stopped        bool
}

func (q *jobQueue) push(check bool, job func()) {
	q.mu.Lock()
	if check {
		q.checks = append(q.checks, job)
	} else {
		q.parses = append(q.parses, job)
	}
	q.mu.Unlock()
	q.cond.Signal()
}

// pop waits for a job; nil once the queue is stopped.
func (q *jobQueue) pop() func() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for {
		switch {
		case q.stopped:
			return nil
		case len(q.checks) > 0:
			job := q.checks[0]
			q.checks = q.checks[1:]
			return job
		case len(q.parses) > 0:
			job := q.parses[0]
			q.parses = q.parses[1:]
			return job
		}
		q.cond.Wait()
	}
}

func (q *jobQueue) stop() {
	q.mu.Lock()
	q.stopped = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// newPackage is p as go/packages describes it before loading it.
func (ld *listLoader) newPackage(p *listed) *packages.Package {
	pkg := &packages.Package{
		ID:           p.ImportPath,
		Name:         p.Name,
		PkgPath:      p.ImportPath,
		Dir:          p.Dir,
		GoFiles:      absJoin(p.Dir, p.GoFiles, p.CgoFiles),
		OtherFiles:   absJoin(p.Dir, p.CFiles, p.CXXFiles, p.MFiles, p.HFiles, p.FFiles, p.SFiles, p.SwigFiles, p.SwigCXXFiles, p.SysoFiles),
		IgnoredFiles: absJoin(p.Dir, p.IgnoredGoFiles, p.IgnoredOtherFiles),
		Module:       p.Module,
		Imports:      map[string]*packages.Package{},
		Fset:         ld.fset,
		TypesSizes:   ld.sizes,
	}
	if i := strings.IndexByte(pkg.ID, ' '); i >= 0 {
		pkg.PkgPath = pkg.ID[:i]
	}
	switch {
	case pkg.PkgPath == "unsafe":
		// unsafe.go only documents the package (golang/go#59929).
	case p.compiled != nil:
		// go/packages drops what is not Go (golang/go#28749); cgo's
		// output in the build cache has no extension.
		for _, f := range absJoin(p.Dir, p.compiled.CompiledGoFiles) {
			if ext := filepath.Ext(f); ext == ".go" || ext == "" {
				pkg.CompiledGoFiles = append(pkg.CompiledGoFiles, f)
			}
		}
	default:
		pkg.CompiledGoFiles = pkg.GoFiles
	}
	return pkg
}

// check type-checks lp, whose files are parsed and whose imports are
// type-checked, as go/packages' loader.loadPackage does, and tells its
// importers.
func (ld *listLoader) check(lp *loadingPackage) {
	defer close(lp.done)
	pkg := lp.Package
	pkg.TypesInfo = newTypesInfo()
	if pkg.PkgPath == "unsafe" {
		pkg.Types, pkg.Syntax = types.Unsafe, []*ast.File{}
	} else {
		ld.typeCheck(pkg, lp.files)
	}
	ld.mu.Lock()
	lp.checked = true
	importers := lp.importers
	ld.mu.Unlock()
	for _, imp := range importers {
		ld.ready(imp)
	}
}

func (ld *listLoader) typeCheck(pkg *packages.Package, files []*sourceFile) {
	pkg.Types = types.NewPackage(pkg.PkgPath, pkg.Name)
	pkg.Syntax = []*ast.File{}
	for _, sf := range files {
		if sf.f != nil {
			pkg.Syntax = append(pkg.Syntax, sf.f)
		}
		if sf.err != nil {
			ld.appendError(pkg, sf.err)
		}
	}
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if q := pkg.Imports[path]; q != nil && q.Types != nil && q.Types.Complete() {
				return q.Types, nil
			}
			return nil, fmt.Errorf("no metadata for %s", path)
		}),
		Error: func(err error) { ld.appendError(pkg, err) },
		Sizes: ld.sizes,
	}
	if m := pkg.Module; m != nil && m.GoVersion != "" {
		tc.GoVersion = "go" + m.GoVersion
	}
	err := types.NewChecker(tc, ld.fset, pkg.Types, pkg.TypesInfo).Files(pkg.Syntax)
	if err != nil && len(pkg.Errors) == 0 {
		ld.appendError(pkg, err)
	}
	pkg.IllTyped = len(pkg.Errors) > 0
	for _, q := range pkg.Imports {
		pkg.IllTyped = pkg.IllTyped || q.IllTyped
	}
}

// appendError records err as go/packages does: one packages.Error per
// parse or type error, in its words.
func (ld *listLoader) appendError(pkg *packages.Package, err error) {
	var list scanner.ErrorList
	var path *os.PathError
	var typeErr types.Error
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			pkg.Errors = append(pkg.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
		}
	case errors.As(err, &path):
		pkg.Errors = append(pkg.Errors, packages.Error{Pos: path.Path + ":1", Msg: path.Err.Error(), Kind: packages.ParseError})
	case errors.As(err, &typeErr):
		pkg.TypeErrors = append(pkg.TypeErrors, typeErr)
		pkg.Errors = append(pkg.Errors, packages.Error{Pos: typeErr.Fset.Position(typeErr.Pos).String(), Msg: typeErr.Msg, Kind: packages.TypeError})
	default:
		pkg.Errors = append(pkg.Errors, packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
	}
}

// newTypesInfo asks the type checker for everything, as go/packages does
// for LoadAllSyntax.
func newTypesInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
}
