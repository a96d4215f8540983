package checker

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// The go list of a run's packages takes a third of a second on 1,000
// migrations, and keeps one core busy: the go command reads every
// package's directory and file headers. Its dependencies, the standard
// library and the SDK (parsing and type-checking them is half of what
// follows), are a small listing of their own: the go command lists the
// packages the module's files import, with their dependencies, in a
// twentieth of the time. So a first run asks for that listing beside the
// full one and starts loading it on the other core at once. When the full
// listing is in, each package it shares with the speculation must be
// described the same, field by field (else the speculation is dropped and
// everything loads from the full listing); the rest joins the same loader.
// Which imports seed it only decides how much is done early, never what
// is loaded: a package the full listing does not need is loaded in vain.

// speculation is the loading of the dependencies of the module's files,
// begun before the full listing is in.
type speculation struct {
	ready chan struct{} // closed once seed and ld are set, or left nil
	seed  *listing
	ld    *listLoader
}

// speculate starts the speculation for patterns in dir: only for patterns
// that name directories (./..., ./migrations/..., .), whose files it
// scans for imports; nil otherwise.
func speculate(dir string, patterns []string, env goEnvironment, parse func(*token.FileSet, string, []byte) (*ast.File, error)) *speculation {
	var roots []scanRoot
	for _, pat := range patterns {
		d, tree := strings.CutSuffix(pat, "/...")
		if d != "." && d != ".." && !strings.HasPrefix(d, "./") && !strings.HasPrefix(d, "../") {
			return nil
		}
		roots = append(roots, scanRoot{filepath.Join(dir, d), tree})
	}
	sp := &speculation{ready: make(chan struct{})}
	go func() {
		defer close(sp.ready)
		imports := importsOf(roots)
		if len(imports) == 0 {
			return
		}
		args := []string{"-deps", "-json=" + listFields}
		if slices.Contains(strings.Fields(env.GOFLAGS), "-mod=mod") {
			// An import of a file that no build includes must not send
			// the go command to add a module to go.mod.
			args = append(args, "-mod=readonly")
		}
		pkgs, err := goList(dir, goListArgs(append(append(args, "--"), imports...)...))
		if err != nil {
			return
		}
		seed := &listing{dir: dir, pkgs: map[string]*listed{}}
		var need []*listed
		for _, p := range pkgs {
			// A package with an error, or importing one, is left to the
			// full listing: an import of a file that no build includes
			// ("syscall/js"), say.
			if p.Error != nil || len(p.DepsErrors) > 0 || slices.ContainsFunc(p.Imports, func(id string) bool { return seed.pkgs[id] == nil && id != "C" }) {
				continue
			}
			seed.pkgs[p.ImportPath] = p
			need = append(need, p) // go list -deps: each after its imports
		}
		// The packages that go through cgo, and those that import them,
		// wait for go list -compiled (a tenth of a second); the others
		// start now, on the core the go command leaves.
		var now, later []*listed
		waits := map[string]bool{}
		for _, p := range need {
			waits[p.ImportPath] = p.viaCgo() || slices.ContainsFunc(p.Imports, func(id string) bool { return waits[id] })
			if waits[p.ImportPath] {
				later = append(later, p)
			} else {
				now = append(now, p)
			}
		}
		ld, err := newListLoader(env.GOARCH, parse)
		if err != nil || ld.add(now) != nil {
			return
		}
		ld.work(max(1, runtime.GOMAXPROCS(0)-1))
		if seed.listCompiled() != nil || ld.add(later) != nil {
			ld.stop()
			return
		}
		sp.seed, sp.ld = seed, ld
	}()
	return sp
}

// take returns the speculation's loader and its count of workers, for
// loading l, once every package of l the speculation holds is the same in
// both listings; then l's cgo packages get the speculation's compiled
// files. Nil when it does not hold, or there is no speculation.
func (sp *speculation) take(l *listing) (*listLoader, int) {
	if sp == nil {
		return nil, 0
	}
	<-sp.ready
	if sp.ld == nil {
		return nil, 0
	}
	for id, p := range l.pkgs {
		s := sp.seed.pkgs[id]
		if s == nil {
			continue
		}
		if !sameListed(s, p) {
			sp.ld.stop()
			sp.ld = nil
			return nil, 0
		}
		if p.compiled == nil {
			p.compiled = s.compiled
		}
	}
	return sp.ld, max(1, runtime.GOMAXPROCS(0)-1)
}

// stop drops the speculation's work, if nobody took it, without waiting
// for it to start.
func (sp *speculation) stop() {
	if sp == nil {
		return
	}
	go func() {
		<-sp.ready
		if sp.ld != nil {
			sp.ld.stop()
		}
	}()
}

// sameListed reports whether two listings describe a package alike, but
// for whether a pattern named it.
func sameListed(a, b *listed) bool {
	x, y := *a, *b
	for _, p := range []*listed{&x, &y} {
		p.DepOnly, p.compiled, p.key, p.files = false, nil, "", nil
	}
	return reflect.DeepEqual(x, y)
}

// scanRoot is a directory to scan for imports, with its tree or alone.
type scanRoot struct {
	dir  string
	tree bool
}

// importsOf returns what the Go files of roots import (a tree as the go
// command walks it for a pattern: not into testdata, vendor, folders
// starting with . or _, or other modules), each once, "C" aside. Files it
// cannot read or parse are skipped: the go command will say what is wrong
// with them.
func importsOf(roots []scanRoot) []string {
	seen := map[string]bool{"C": true}
	var out []string
	fset := token.NewFileSet()
	scan := func(dir string) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				continue
			}
			f, _ := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ImportsOnly)
			if f == nil {
				continue
			}
			for _, imp := range f.Imports {
				if path, err := strconv.Unquote(imp.Path.Value); err == nil && !seen[path] {
					seen[path] = true
					out = append(out, path)
				}
			}
		}
	}
	for _, root := range roots {
		if !root.tree {
			scan(root.dir)
			continue
		}
		filepath.WalkDir(root.dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			if path != root.dir {
				if name := d.Name(); name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
					return filepath.SkipDir
				}
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir
				}
			}
			scan(path)
			return nil
		})
	}
	slices.Sort(out)
	return out
}
