package checker

import (
	"go/ast"
	"go/token"
	"reflect"
	"runtime"
	"slices"
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

// speculate starts the speculation on the imports that scan found (nil:
// the patterns do not name directories, and there is none).
func speculate(dir string, scan *moduleScan, env goEnvironment, parse func(*token.FileSet, string, []byte) (*ast.File, error)) *speculation {
	if scan == nil {
		return nil
	}
	sp := &speculation{ready: make(chan struct{})}
	go func() {
		defer close(sp.ready)
		imports := scan.imports
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
		now, later := withoutCgo(need)
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
