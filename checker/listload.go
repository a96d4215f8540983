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

	"golang.org/x/tools/go/packages"
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
	pkgs  map[string]*listed
	roots []*listed
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
	l := &listing{pkgs: map[string]*listed{}}
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
// through cgo, and keeps its answer in their compiled field.
func (l *listing) listCompiled(dir string) error {
	var paths []string
	test := false
	for _, p := range l.pkgs {
		if !p.viaCgo() || p.compiled != nil {
			continue
		}
		path := p.ImportPath
		if p.ForTest != "" {
			path, test = p.ForTest, true
		}
		if !slices.Contains(paths, path) {
			paths = append(paths, path)
		}
	}
	if len(paths) == 0 {
		return nil
	}
	slices.Sort(paths)
	args := goListArgs("-compiled", fmt.Sprintf("-test=%t", test), "-json=ImportPath,Imports,ImportMap,CompiledGoFiles,Error", "--")
	pkgs, err := goList(dir, append(args, paths...))
	if err != nil {
		return err
	}
	for _, c := range pkgs {
		if p := l.pkgs[c.ImportPath]; p != nil && p.viaCgo() {
			if c.Error != nil || len(c.CompiledGoFiles) == 0 {
				return fmt.Errorf("%s: no compiled files", c.ImportPath)
			}
			p.compiled = c
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
// dependencies before their importers.
func (l *listing) closure(roots []*listed) []*listed {
	var out []*listed
	seen := map[*listed]bool{}
	var visit func(p *listed)
	visit = func(p *listed) {
		if seen[p] {
			return
		}
		seen[p] = true
		for _, imp := range p.imports() {
			if q := l.pkgs[imp]; q != nil {
				visit(q)
			}
		}
		out = append(out, p)
	}
	for _, p := range roots {
		visit(p)
	}
	return out
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
// NeedModule and Tests returns them. parse is Config.ParseFile.
func loadListed(dir string, goarch string, l *listing, roots []*listed, parse func(*token.FileSet, string, []byte) (*ast.File, error)) ([]*packages.Package, error) {
	// All of the listing's cgo packages, as the imports that cgo adds
	// reach packages no plain import does (runtime/cgo, itself cgo's).
	if err := l.listCompiled(dir); err != nil {
		return nil, err
	}
	need := l.closure(roots)
	ld := &listLoader{fset: token.NewFileSet(), parse: parse, sizes: types.SizesFor("gc", goarch),
		parsed: map[string]*parsedFile{}, pkgs: map[*listed]*loadingPackage{}, cpu: make(chan struct{}, runtime.GOMAXPROCS(0))}
	if ld.sizes == nil {
		return nil, fmt.Errorf("no sizes for GOARCH %s", goarch)
	}
	for _, p := range need {
		ld.pkgs[p] = &loadingPackage{Package: ld.newPackage(p), listed: p, done: make(chan struct{})}
	}
	for _, p := range need {
		lp := ld.pkgs[p]
		for path, id := range importsByPath(p) {
			q := l.pkgs[id]
			if q == nil {
				return nil, fmt.Errorf("%s imports %s, which go list did not describe", p.ImportPath, id)
			}
			lp.Imports[path] = ld.pkgs[q].Package
			lp.deps = append(lp.deps, ld.pkgs[q])
		}
	}
	var wg sync.WaitGroup
	for _, p := range need {
		wg.Go(func() { ld.load(ld.pkgs[p]) })
	}
	wg.Wait()
	var out []*packages.Package
	for _, p := range roots {
		out = append(out, ld.pkgs[p].Package)
	}
	return out, nil
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

type listLoader struct {
	fset  *token.FileSet
	parse func(*token.FileSet, string, []byte) (*ast.File, error)
	sizes types.Sizes
	pkgs  map[*listed]*loadingPackage
	cpu   chan struct{} // parsing and type checking use at most one core each

	mu     sync.Mutex
	parsed map[string]*parsedFile // by file name: a package and its test variant share files
}

type loadingPackage struct {
	*packages.Package
	listed *listed
	deps   []*loadingPackage
	done   chan struct{} // closed once the package is type-checked
}

type parsedFile struct {
	once sync.Once
	f    *ast.File
	err  error
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

// load parses lp's files, waits for its imports and type-checks it, as
// go/packages' loader.loadPackage does.
func (ld *listLoader) load(lp *loadingPackage) {
	defer close(lp.done)
	pkg := lp.Package
	pkg.TypesInfo = &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	if pkg.PkgPath == "unsafe" {
		pkg.Types, pkg.Syntax = types.Unsafe, []*ast.File{}
		return
	}
	pkg.Types = types.NewPackage(pkg.PkgPath, pkg.Name)
	pkg.Syntax = []*ast.File{}
	for _, name := range pkg.CompiledGoFiles {
		f, err := ld.parseFile(name)
		if f != nil {
			pkg.Syntax = append(pkg.Syntax, f)
		}
		if err != nil {
			ld.appendError(pkg, err)
		}
	}
	for _, dep := range lp.deps {
		<-dep.done
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
	ld.cpu <- struct{}{}
	err := types.NewChecker(tc, ld.fset, pkg.Types, pkg.TypesInfo).Files(pkg.Syntax)
	<-ld.cpu
	if err != nil && len(pkg.Errors) == 0 {
		ld.appendError(pkg, err)
	}
	pkg.IllTyped = len(pkg.Errors) > 0
	for _, q := range pkg.Imports {
		pkg.IllTyped = pkg.IllTyped || q.IllTyped
	}
}

// parseFile reads and parses a file once, whichever package asks first.
func (ld *listLoader) parseFile(name string) (*ast.File, error) {
	ld.mu.Lock()
	pf := ld.parsed[name]
	if pf == nil {
		pf = new(parsedFile)
		ld.parsed[name] = pf
	}
	ld.mu.Unlock()
	pf.once.Do(func() {
		src, err := os.ReadFile(name)
		if err != nil {
			pf.err = err
			return
		}
		ld.cpu <- struct{}{}
		pf.f, pf.err = ld.parse(ld.fset, name, src)
		<-ld.cpu
	})
	return pf.f, pf.err
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
