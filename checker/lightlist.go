package checker

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
)

// The go list of a run's packages (listload.go) took 0.7 s on 1,000
// migrations, as long as loading the dependencies: the go command
// reads every directory of the module and the header of every file, and
// computes for each package what a build would need. Most of a module of
// migrations is packages that any reader can list: a main.go without
// build constraints, tests or cgo, importing the standard library, the
// SDK and a data-model package. listLight lists those itself from the
// files (scanModule reads them anyway, for the speculation) and asks the
// go command only about the rest, in two short go lists: the packages
// that the plain ones import, with their dependencies (0.09 s), and, with
// their tests, the directories that are not plain. Whatever the go
// command reports in either, the same packages described two ways, or
// anything the scan cannot vouch for in full (a vendor directory, a
// workspace, -mod=vendor) sends the run to the full go list, which then
// reports as before. TestListLightIsGoList compares the two listings.

// moduleDir is a directory of the main module that a pattern matches,
// as scanModule found it.
type moduleDir struct {
	dir     string
	rel     string   // to the module's root, slash-separated ("." for the root)
	name    string   // the package clause of its files
	goFiles []string // in directory order
	imports []string // of goFiles, sorted, each once
	// plain: the go command would list the package as listLight does:
	// every Go file is of one package, neither a test nor constrained by
	// its name or a directive, without cgo or embedded files, importing
	// by valid paths; no other file is one the go command sorts into a
	// list (C, assembly, syso and the like); no symlink.
	plain bool
}

// moduleScan is what the Go files of the directories that patterns
// match import, and which of those directories are plain.
type moduleScan struct {
	root    string // the main module's directory
	dirs    []*moduleDir
	imports []string // of every Go file read, tests and constrained ones too; "C" aside
	// modMod: GOFLAGS has -mod=mod, under which the go command adds to
	// go.mod what an import needs; two of them must not run at once.
	modMod bool
	// declined says why the scan cannot stand in for the go command's
	// listing of the module ("" when it can): the patterns or the
	// environment reach what scanModule does not model.
	declined string
}

// scanModule reads the Go files of the directories that patterns (from
// dir) match: for trees (./...) as the go command walks them, not into
// testdata, folders starting with . or _, or other modules. Nil when a
// pattern does not name directories (a package path, files).
func scanModule(dir string, patterns []string, env goEnvironment) *moduleScan {
	type root struct {
		dir  string
		tree bool
	}
	var roots []root
	for _, pat := range patterns {
		d, tree := strings.CutSuffix(pat, "/...")
		if d != "." && d != ".." && !strings.HasPrefix(d, "./") && !strings.HasPrefix(d, "../") {
			return nil
		}
		roots = append(roots, root{filepath.Join(dir, d), tree})
	}
	s := &moduleScan{root: env.moduleRoot(dir), modMod: slices.Contains(strings.Fields(env.GOFLAGS), "-mod=mod")}
	s.declined = declinedEnv(env, s.root)
	w := &scanWalk{s: s, seen: map[string]bool{}, imports: map[string]bool{"C": true}, sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
	for _, r := range roots {
		abs, err := filepath.Abs(r.dir)
		if err != nil {
			s.decline("%s: %v", r.dir, err)
			continue
		}
		if why := s.outsideModule(abs); why != "" {
			s.decline("%s", why)
		}
		w.visit(abs, r.tree, true)
	}
	w.wg.Wait()
	for _, r := range roots {
		abs, _ := filepath.Abs(r.dir)
		if !r.tree && !slices.ContainsFunc(s.dirs, func(md *moduleDir) bool { return md.dir == abs }) {
			s.decline("%s: no Go files", r.dir)
		}
	}
	slices.SortFunc(s.dirs, func(a, b *moduleDir) int { return strings.Compare(a.dir, b.dir) })
	slices.Sort(s.imports)
	return s
}

// scanWalk reads directories on every core, each once.
type scanWalk struct {
	s   *moduleScan
	wg  sync.WaitGroup
	sem chan struct{} // one token per reader

	mu      sync.Mutex // guards what follows and s
	seen    map[string]bool
	imports map[string]bool
}

// visit scans directory d, and for a tree the subdirectories the go
// command walks into: not testdata, not those starting with . or _, not
// other modules (a go.mod file).
func (w *scanWalk) visit(d string, tree, top bool) {
	w.mu.Lock()
	seen := w.seen[d]
	w.seen[d] = true
	w.mu.Unlock()
	if seen {
		return
	}
	w.wg.Go(func() {
		w.sem <- struct{}{}
		defer func() { <-w.sem }()
		entries, err := os.ReadDir(d)
		if err != nil {
			w.mu.Lock()
			w.s.decline("%v", err)
			w.mu.Unlock()
			return
		}
		if !top && slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == "go.mod" && !e.IsDir() }) {
			return
		}
		md, imports := w.s.scanDir(d, entries)
		w.mu.Lock()
		if md != nil {
			w.s.dirs = append(w.s.dirs, md)
		}
		for _, path := range imports {
			if !w.imports[path] {
				w.imports[path] = true
				w.s.imports = append(w.s.imports, path)
			}
		}
		w.mu.Unlock()
		if !tree {
			return
		}
		for _, e := range entries {
			name := e.Name()
			if !e.IsDir() || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				continue
			}
			if name == "vendor" {
				w.mu.Lock()
				w.s.decline("%s: a vendor directory", filepath.Join(d, name))
				w.mu.Unlock()
			}
			w.visit(filepath.Join(d, name), true, false)
		}
	})
}

func (s *moduleScan) decline(format string, args ...any) {
	if s.declined == "" {
		s.declined = fmt.Sprintf(format, args...)
	}
}

// declinedEnv says why the go command's environment makes it list
// packages otherwise than scanModule models ("" when it does not).
func declinedEnv(env goEnvironment, root string) string {
	switch {
	case env.GOWORK != "" && env.GOWORK != "off":
		return "a workspace"
	case env.GOMOD == "" || env.GOMOD == os.DevNull:
		return "no main module"
	}
	for _, flag := range strings.Fields(env.GOFLAGS) {
		// -mod=vendor and -modfile change where modules come from.
		if strings.Contains(flag, "mod=vendor") || strings.Contains(flag, "modfile") {
			return "GOFLAGS " + flag
		}
	}
	if _, err := os.Lstat(filepath.Join(root, "vendor")); err == nil {
		return "a vendor directory"
	}
	// scanModule knows the go command's rules as the go/build that
	// miglint was built with does.
	if goVersionSkew(env.GOVERSION) != "" {
		return "a go command newer than miglint"
	}
	return ""
}

// outsideModule says why the go command would not see the directory abs
// as one of the main module's ("" when it would): it lies outside the
// module's root or in a module of its own, or it is a symlink.
func (s *moduleScan) outsideModule(abs string) string {
	rel, err := filepath.Rel(s.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return abs + ": outside the main module"
	}
	for d := abs; d != s.root; d = filepath.Dir(d) {
		if fi, err := os.Lstat(d); err != nil || fi.Mode()&fs.ModeSymlink != 0 {
			return d + ": a symlink"
		}
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d + ": a module of its own"
		}
	}
	return ""
}

// scanDir reads the Go files among the entries of directory d
// (absolute): the package they make (nil when the go command would see
// none) and what any of them imports, tests and constrained files
// included. It only reads s.
func (s *moduleScan) scanDir(d string, entries []fs.DirEntry) (*moduleDir, []string) {
	fset := token.NewFileSet()
	var all []string
	rel, _ := filepath.Rel(s.root, d)
	md := &moduleDir{dir: d, rel: filepath.ToSlash(rel), plain: validElems(filepath.ToSlash(rel))}
	imports := map[string]bool{}
	seen := false // a Go file the go command reads
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || e.IsDir() {
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			md.plain = false
		}
		ext := filepath.Ext(name)
		if ext != ".go" {
			if sortedExts[ext] {
				md.plain = false
			}
			continue
		}
		seen = true
		src, err := os.ReadFile(filepath.Join(d, name))
		if err != nil {
			md.plain = false
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(d, name), src, parser.ImportsOnly)
		if f == nil {
			md.plain = false
			continue
		}
		if err != nil || strings.HasSuffix(name, "_test.go") || nameConstrained(name) ||
			headerDirective(src[:fset.Position(f.Package).Offset]) ||
			f.Name.Name == "documentation" || md.name != "" && f.Name.Name != md.name {
			md.plain = false
		}
		md.name = f.Name.Name
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				md.plain = false
				continue
			}
			all = append(all, path)
			if !plainImport(path) {
				md.plain = false
			}
			if !strings.HasSuffix(name, "_test.go") {
				imports[path] = true
			}
		}
		if !strings.HasSuffix(name, "_test.go") {
			md.goFiles = append(md.goFiles, name)
		}
	}
	if !seen {
		return nil, all
	}
	if len(md.goFiles) == 0 {
		md.plain = false
	}
	for path := range imports {
		md.imports = append(md.imports, path)
	}
	slices.Sort(md.imports)
	return md, all
}

// sortedExts are the extensions of the files that the go command lists
// beside a package's Go files (go/build's fileListForExt).
var sortedExts = map[string]bool{".c": true, ".cc": true, ".cpp": true, ".cxx": true, ".m": true,
	".h": true, ".hh": true, ".hpp": true, ".hxx": true, ".f": true, ".F": true, ".for": true, ".f90": true,
	".s": true, ".S": true, ".sx": true, ".swig": true, ".swigcxx": true, ".syso": true}

// nameConstrained reports whether a file's name is a build constraint
// (x_linux.go, x_arm64.go): go/build matches the name alone (OpenFile
// gives it an empty package) for two targets that share neither
// system nor architecture, and a name that both include constrains
// nothing.
func nameConstrained(name string) bool {
	if !strings.Contains(strings.TrimSuffix(name, ".go"), "_") {
		return false
	}
	for _, target := range [][2]string{{"linux", "amd64"}, {"windows", "arm64"}} {
		ctxt := build.Context{GOOS: target[0], GOARCH: target[1], Compiler: "gc",
			OpenFile: func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader("package p\n")), nil }}
		if ok, err := ctxt.MatchFile("", name); err != nil || !ok {
			return true
		}
	}
	return false
}

// headerDirective reports whether the part of a file before its package
// clause holds a build constraint or another //go: directive that the go
// command reads there (//go:build, // +build, //go:binary-only-package).
func headerDirective(head []byte) bool {
	return bytes.Contains(head, []byte("//go:")) || bytes.Contains(head, []byte("+build"))
}

// plainImport reports whether an import asks the go command for nothing
// but the package of that path: not cgo, not embedded files, not a
// relative or vendored path, each element a plain name.
func plainImport(path string) bool {
	if path == "C" || path == "embed" || strings.HasPrefix(path, "vendor/") || strings.Contains(path, "/vendor/") {
		return false
	}
	return validElems(path)
}

// validElems reports whether every element of a slash-separated path is
// a name that the go command takes as it is in an import path: letters,
// digits, '-', '.', '_', starting with a letter or digit, not ending in a
// dot, and none of the names Windows reserves. It is stricter than the go
// command (module.CheckImportPath), never looser.
func validElems(path string) bool {
	if path == "." {
		return true
	}
	for _, elem := range strings.Split(path, "/") {
		if elem == "" || strings.HasSuffix(elem, ".") {
			return false
		}
		for i, r := range elem {
			letter := 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
			if !letter && (i == 0 || r != '-' && r != '.' && r != '_') {
				return false
			}
		}
		short, _, _ := strings.Cut(strings.ToLower(elem), ".")
		if slices.Contains([]string{"con", "prn", "aux", "nul"}, short) ||
			len(short) == 4 && (strings.HasPrefix(short, "com") || strings.HasPrefix(short, "lpt")) && '1' <= short[3] && short[3] <= '9' {
			return false
		}
	}
	return true
}

// internalAllowed reports whether a package of the main module at
// importer may import path, by the go command's rule: a path with an
// internal element is importable only from within the tree of its
// parent, and the standard library's (internal/...) not at all.
func internalAllowed(importer, path string) bool {
	var parent string
	switch {
	case strings.HasSuffix(path, "/internal"):
		parent = strings.TrimSuffix(path, "/internal")
	case strings.Contains(path, "/internal/"):
		parent = path[:strings.LastIndex(path, "/internal/")]
	case path == "internal" || strings.HasPrefix(path, "internal/"):
		return false
	default:
		return true
	}
	return importer == parent || strings.HasPrefix(importer, parent+"/")
}

// errDeclined: listLight leaves the listing to the full go list.
var errDeclined = errors.New("listed by the go command")

// listLight lists the packages that scan found, as go list -deps -test
// would, with their dependencies; errDeclined (wrapped) when it cannot
// vouch for the result, or the go command reports an error in it.
func listLight(dir string, scan *moduleScan) (*listing, error) {
	if scan == nil {
		return nil, errDeclined
	}
	if scan.declined != "" {
		return nil, fmt.Errorf("%w: %s", errDeclined, scan.declined)
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errDeclined, err)
	}
	var seedImports, testedDirs []string
	seenImport := map[string]bool{}
	for _, md := range scan.dirs {
		if !md.plain {
			rel, err := filepath.Rel(absDir, md.dir)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", errDeclined, err)
			}
			testedDirs = append(testedDirs, "."+string(filepath.Separator)+rel)
			continue
		}
		for _, path := range md.imports {
			if !seenImport[path] {
				seenImport[path] = true
				seedImports = append(seedImports, path)
			}
		}
	}
	// The two lists run side by side (one after the other under
	// -mod=mod).
	var seed, tested []*listed
	var seedErr, testedErr error
	var wg sync.WaitGroup
	if len(seedImports) > 0 {
		wg.Go(func() {
			seed, seedErr = goList(dir, goListArgs(append([]string{"-deps", "-json=" + listFields, "--"}, seedImports...)...))
		})
	}
	if scan.modMod {
		wg.Wait()
	}
	if len(testedDirs) > 0 {
		wg.Go(func() {
			tested, testedErr = goList(dir, goListArgs(append([]string{"-deps", "-test", "-json=" + listFields, "--"}, testedDirs...)...))
		})
	}
	wg.Wait()
	if err := errors.Join(seedErr, testedErr); err != nil {
		return nil, fmt.Errorf("%w: %v", errDeclined, err)
	}
	l := &listing{dir: dir, pkgs: map[string]*listed{}}
	root := map[string]bool{}
	var main *packages.Module
	for _, p := range slices.Concat(tested, seed) {
		if p.Error != nil || len(p.DepsErrors) > 0 || p.ImportPath == "command-line-arguments" {
			return nil, fmt.Errorf("%w: %s: an error", errDeclined, p.ImportPath)
		}
		if q := l.pkgs[p.ImportPath]; q != nil {
			if !sameListed(p, q) {
				return nil, fmt.Errorf("%w: %s listed two ways", errDeclined, p.ImportPath)
			}
			continue
		}
		l.pkgs[p.ImportPath] = p
		if p.Module != nil && p.Module.Main {
			main = p.Module
		}
	}
	for _, p := range tested {
		if !p.DepOnly {
			root[p.ImportPath] = true
			l.roots = append(l.roots, p)
		}
	}
	if main == nil {
		m, err := mainModule(dir)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errDeclined, err)
		}
		main = m
	}
	if main.Dir != scan.root {
		return nil, fmt.Errorf("%w: the main module is in %s", errDeclined, main.Dir)
	}
	for _, md := range scan.dirs {
		if !md.plain {
			continue
		}
		p := &listed{Name: md.name, ImportPath: main.Path, Dir: md.dir, GoFiles: md.goFiles, Module: main}
		if md.rel != "." {
			p.ImportPath += "/" + md.rel
		}
		if len(md.imports) > 0 {
			p.Imports = md.imports
		}
		for _, path := range md.imports {
			if q := l.pkgs[path]; q == nil || q.Name == "main" || !internalAllowed(p.ImportPath, path) {
				return nil, fmt.Errorf("%w: %s imports %s", errDeclined, p.ImportPath, path)
			}
		}
		if q := l.pkgs[p.ImportPath]; q != nil {
			// Also imported: the go command described it already.
			if !sameListed(p, q) {
				return nil, fmt.Errorf("%w: %s listed two ways", errDeclined, p.ImportPath)
			}
			p = q
		}
		l.pkgs[p.ImportPath] = p
		if !root[p.ImportPath] {
			root[p.ImportPath] = true
			l.roots = append(l.roots, p)
		}
	}
	folded := map[string]string{}
	for id, p := range l.pkgs {
		p.DepOnly = !root[id]
		if p.ForTest != "" {
			continue
		}
		// The go command refuses two packages whose paths differ only
		// in case.
		if other, ok := folded[strings.ToLower(id)]; ok && other != id {
			return nil, fmt.Errorf("%w: %s and %s", errDeclined, id, other)
		}
		folded[strings.ToLower(id)] = id
	}
	if len(l.roots) == 0 {
		return nil, fmt.Errorf("%w: no packages", errDeclined)
	}
	return l, nil
}

// mainModule asks the go command for the main module, as go list -json
// describes it in each of its packages.
func mainModule(dir string) (*packages.Module, error) {
	cmd := exec.Command("go", "list", "-m", "-json=Path,Main,Dir,GoMod,GoVersion")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil, err
	}
	m := new(packages.Module)
	if err := json.Unmarshal(out, m); err != nil {
		return nil, err
	}
	if !m.Main {
		return nil, errors.New("go list -m: no main module")
	}
	return m, nil
}
