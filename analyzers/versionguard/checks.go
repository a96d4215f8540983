package versionguard

import (
	"go/ast"
	"go/build"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// checkFact is the object fact about a function that returns a bool
// computed by comparisons: the names they compare. A call of it in an if
// counts as those comparisons (rule 2): if rec.UpToDate() { continue }.
// Like writesFact it records names, not a verdict.
type checkFact struct {
	Names []string
}

func (*checkFact) AFact() {}

func (f *checkFact) String() string { return "compares " + strings.Join(f.Names, " ") }

// returnsBool reports whether fn returns one bool.
func returnsBool(fn *types.Func) bool {
	res := fn.Signature().Results()
	if res.Len() != 1 {
		return false
	}
	b, ok := res.At(0).Type().Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// mayCheck reports whether the package declares a function that could
// be a version check: one returning a bool, with a body. The standard
// library's are none (and, loaded without bodies by the standalone
// checker, would differ between the two modes).
func mayCheck(pass *analysis.Pass, files []*ast.File) bool {
	for _, f := range files {
		if name := pass.Fset.File(f.Pos()).Name(); strings.HasPrefix(name, filepath.Join(build.Default.GOROOT, "src")+string(filepath.Separator)) {
			return false
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && returnsBool(fn) {
					return true
				}
			}
		}
	}
	return false
}

// checkNames returns the names that a call of fn compares: those of the
// comparisons its return statements return, from its declaration in this
// package or its fact in another.
func (c *checker) checkNames(fn *types.Func) []string {
	if !returnsBool(fn) {
		return nil
	}
	if fn.Pkg() != c.pass.Pkg {
		var f checkFact
		if c.pass.ImportObjectFact(fn, &f) {
			return f.Names
		}
		return nil
	}
	if names, ok := c.checks[fn]; ok {
		return names
	}
	c.checks[fn] = nil // a recursive call compares nothing more
	decl, ok := c.decls[fn]
	if !ok {
		return nil
	}
	var names []string
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) == 1 {
				names = append(names, c.compared(n.Results[0])...)
			}
		}
		return true
	})
	names = slices.Compact(slices.Sorted(slices.Values(names)))
	c.checks[fn] = names
	return names
}

// exportChecks exports the checkFact of each function of the package
// that compares something.
func (c *checker) exportChecks() {
	if c.pass.Pkg.Name() == "main" {
		return // nothing imports it
	}
	for fn := range c.decls {
		if names := c.checkNames(fn); len(names) > 0 {
			c.pass.ExportObjectFact(fn, &checkFact{Names: names})
		}
	}
}
