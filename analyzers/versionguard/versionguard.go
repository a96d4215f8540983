package versionguard

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/miglint/miglint/analyzers/internal/directive"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/miglint/miglint/analyzers/internal/docs"
	"github.com/miglint/miglint/analyzers/internal/dynamo"
	"github.com/miglint/miglint/analyzers/internal/setup"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      name,
	Doc:       docs.MustExtract(doc, name),
	URL:       "https://pkg.go.dev/github.com/miglint/miglint/analyzers/versionguard",
	Requires:  []*analysis.Analyzer{setup.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(writesFact), new(checkFact)},
}

func run(pass *analysis.Pass) (any, error) {
	// The SDK defines the inputs; its own plumbing (serializers,
	// validators, middleware) takes them without performing a write that
	// anyone could guard.
	if strings.HasPrefix(pass.Pkg.Path(), dynamo.SDKPrefix) {
		return nil, nil
	}
	pkg := setup.For(pass)
	// Most of what a migration depends on (the standard library, the
	// SDK's plumbing, utilities) cannot write to DynamoDB; under go vet
	// every one of them runs this analyzer in a process of its own, so
	// they are let go early, unless the package is a migration (with
	// directives to report) or may call a configured writer.
	if len(pkg.Files) == 0 || isGuregu(pass.Pkg) {
		return nil, nil // guregu/dynamo's writes are known from its API
	}
	writes := pkg.IsMigration || (pkg.Config != nil && len(pkg.Config.VersionGuard.Writers) > 0) || mayWrite(pass)
	if !writes && !mayCheck(pass, pkg.Files) {
		return nil, nil
	}
	if !writes {
		// Only the version checks are wanted: the declarations suffice,
		// without the index a write's evaluation needs.
		c := &checker{pass: pass, pkg: pkg, decls: map[*types.Func]*ast.FuncDecl{}, checks: map[*types.Func][]string{}}
		for _, f := range pkg.Files {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
					if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok && returnsBool(fn) {
						c.decls[fn] = fd
					}
				}
			}
		}
		c.exportChecks()
		return nil, nil
	}
	c := newChecker(pass, pkg)
	c.exportChecks()
	c.run()
	return nil, nil
}

// mayWrite reports whether the package could contain a write. A call that
// takes one of the write inputs needs the dynamodb package among those its
// types reach, and a call of a helper that writes needs the helper's fact.
func mayWrite(pass *analysis.Pass) bool {
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*writesFact); ok {
			return true
		}
	}
	return dynamo.Reaches(pass.Pkg)
}

// A checker holds what one pass knows about the package.
type checker struct {
	pass    *analysis.Pass
	pkg     *setup.Package
	attrs   []string
	writers map[string]bool // normalized names of [versionguard].writers

	decls      map[*types.Func]*ast.FuncDecl
	assigned   map[*types.Var][]assignment
	fieldSets  map[*types.Var]map[string][]ast.Expr // v.F = x
	indexSets  map[*types.Var][]keyValue            // v[k] = x
	params     map[*types.Var]bool
	calleeRefs map[*ast.Ident]bool // identifiers in the callee position of a call
	// receiverCalls lists the method calls on each variable: v.If(...).
	receiverCalls map[*types.Var][]*ast.CallExpr

	summaries map[*types.Func]*summary
	sites     map[token.Pos]*site // every site, by where it is reported
	checks    map[*types.Func][]string
	// typeNames are the types that may implement an interface, listed
	// once (typesListed) when a call through an interface needs them.
	typeNames   []*types.Named
	typesListed bool
	reaches     map[*types.Package]bool
	directives  *directive.Set
	// called and asValue tell, for each function of the package, whether
	// some identifier calls it and whether some other one uses it as a
	// value.
	called, asValue map[*types.Func]bool
}

// An assignment is one value given to a variable. Plain is false for a
// value that is not the variable's alone: one result of a tuple, an
// element of a range, an operator assignment.
type assignment struct {
	value ast.Expr
	plain bool
}

type keyValue struct{ key, value ast.Expr }

func newChecker(pass *analysis.Pass, pkg *setup.Package) *checker {
	c := &checker{
		pass:          pass,
		pkg:           pkg,
		attrs:         pkg.Config.VersionGuard.Attributes,
		writers:       map[string]bool{},
		decls:         map[*types.Func]*ast.FuncDecl{},
		assigned:      map[*types.Var][]assignment{},
		fieldSets:     map[*types.Var]map[string][]ast.Expr{},
		indexSets:     map[*types.Var][]keyValue{},
		params:        map[*types.Var]bool{},
		calleeRefs:    map[*ast.Ident]bool{},
		receiverCalls: map[*types.Var][]*ast.CallExpr{},
		summaries:     map[*types.Func]*summary{},
		sites:         map[token.Pos]*site{},
		checks:        map[*types.Func][]string{},
		reaches:       map[*types.Package]bool{},
		directives:    directive.Read(pass, pkg.Files, name),
		called:        map[*types.Func]bool{},
		asValue:       map[*types.Func]bool{},
	}
	// The writers of a configuration are that repository's functions; a
	// dependency module is the same code in every repository that uses it,
	// so its facts must not change with the importer's configuration.
	if m := pass.Module; m == nil || m.Version == "" {
		for _, w := range pkg.Config.VersionGuard.Writers {
			c.writers[normalizeWriter(w)] = true
		}
	}
	for _, f := range pkg.Files {
		c.index(f)
	}
	// Test files are not part of the program that runs: a test that calls
	// a helper does not make it run anywhere else.
	nonTest := map[*token.File]bool{}
	for _, f := range pkg.Files {
		nonTest[pass.Fset.File(f.Pos())] = true
	}
	for id, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() == pass.Pkg && nonTest[pass.Fset.File(id.Pos())] {
			if c.calleeRefs[id] {
				c.called[fn.Origin()] = true
			} else {
				c.asValue[fn.Origin()] = true
			}
		}
	}
	return c
}

// normalizeWriter turns "path.(*T).M" and "path.T.M" into "path.T.M".
func normalizeWriter(w string) string {
	return strings.NewReplacer("(*", "", "(", "", ")", "").Replace(strings.TrimSpace(w))
}

// writerName is fn's name in the form of [versionguard].writers.
func writerName(fn *types.Func) string {
	if fn.Pkg() == nil {
		return ""
	}
	if recv := fn.Signature().Recv(); recv != nil {
		if named := dynamo.NamedOf(recv.Type()); named != nil {
			return fn.Pkg().Path() + "." + named.Obj().Name() + "." + fn.Name()
		}
		return ""
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// index records, once per package, what the rules need to look up:
// function declarations, the values assigned to each variable, the
// parameters, and which identifiers are called.
func (c *checker) index(f *ast.File) {
	info := c.pass.TypesInfo
	varOf := func(e ast.Expr) *types.Var {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			v, _ := info.ObjectOf(id).(*types.Var)
			return v
		}
		return nil
	}
	record := func(lhs ast.Expr, value ast.Expr, plain bool) {
		switch l := ast.Unparen(lhs).(type) {
		case *ast.Ident:
			if v := varOf(l); v != nil {
				c.assigned[v] = append(c.assigned[v], assignment{value, plain})
			}
		case *ast.SelectorExpr:
			if v := varOf(l.X); v != nil {
				if c.fieldSets[v] == nil {
					c.fieldSets[v] = map[string][]ast.Expr{}
				}
				c.fieldSets[v][l.Sel.Name] = append(c.fieldSets[v][l.Sel.Name], value)
			}
		case *ast.IndexExpr:
			if v := varOf(l.X); v != nil {
				c.indexSets[v] = append(c.indexSets[v], keyValue{l.Index, value})
			}
		}
	}
	addParams := func(ft *ast.FuncType) {
		if ft.Params == nil {
			return
		}
		for _, field := range ft.Params.List {
			for _, name := range field.Names {
				if v := varOf(name); v != nil {
					c.params[v] = true
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if fn, ok := info.Defs[n.Name].(*types.Func); ok && n.Body != nil {
				c.decls[fn] = n
			}
			addParams(n.Type)
		case *ast.FuncLit:
			addParams(n.Type)
		case *ast.AssignStmt:
			switch {
			case n.Tok != token.ASSIGN && n.Tok != token.DEFINE:
				for _, l := range n.Lhs {
					record(l, n.Rhs[0], false)
				}
			case len(n.Lhs) == len(n.Rhs):
				for i, l := range n.Lhs {
					record(l, n.Rhs[i], true)
				}
			case len(n.Rhs) == 1:
				for _, l := range n.Lhs {
					record(l, n.Rhs[0], false)
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				switch {
				case len(n.Values) == len(n.Names):
					record(name, n.Values[i], true)
				case len(n.Values) == 1:
					record(name, n.Values[0], false)
				}
			}
		case *ast.RangeStmt:
			for _, l := range []ast.Expr{n.Key, n.Value} {
				if l != nil {
					record(l, n.X, false)
				}
			}
		case *ast.IncDecStmt:
			record(n.X, n.X, false)
		case *ast.CallExpr:
			if id := calleeIdent(n.Fun); id != nil {
				c.calleeRefs[id] = true
			}
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok {
				if v := varOf(sel.X); v != nil {
					c.receiverCalls[v] = append(c.receiverCalls[v], n)
				}
			}
		}
		return true
	})
}

// calleeIdent returns the identifier that names the function called.
func calleeIdent(fun ast.Expr) *ast.Ident {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return f
	case *ast.SelectorExpr:
		return f.Sel
	case *ast.IndexExpr:
		return calleeIdent(f.X)
	case *ast.IndexListExpr:
		return calleeIdent(f.X)
	}
	return nil
}

// onlyValue returns the value of a variable assigned exactly once, and
// plainly; nil otherwise.
func (c *checker) onlyValue(id *ast.Ident) ast.Expr {
	v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || c.params[v] {
		return nil
	}
	if as := c.assigned[v]; len(as) == 1 && as[0].plain {
		return as[0].value
	}
	return nil
}

func (c *checker) calleeFunc(call *ast.CallExpr) *types.Func {
	fn := typeutil.StaticCallee(c.pass.TypesInfo, call)
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// run computes every function's writes, exports the facts, and in a
// migration reports the unguarded writes and the directives.
func (c *checker) run() {
	var fns []*types.Func
	for fn := range c.decls {
		fns = append(fns, fn)
	}
	slices.SortFunc(fns, func(a, b *types.Func) int { return int(a.Pos() - b.Pos()) })
	for _, fn := range fns {
		s := c.summary(fn)
		// A package main cannot be imported: its facts would serve no one.
		if c.pass.Pkg.Name() != "main" && len(s.writes) > 0 {
			ws := slices.Clone(s.writes)
			for i := range ws {
				ws[i].origin = token.NoPos
			}
			c.pass.ExportObjectFact(fn, &writesFact{Writes: ws})
		}
	}
	// Package-level initializers run too, as if in a function of their own.
	init := &walker{c: c}
	for _, f := range c.pkg.Files {
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				init.expr(gd, nil)
			}
		}
	}
	init.applyDirectives()
	if !c.pkg.IsMigration {
		return
	}
	var roots []*site
	for _, fn := range fns {
		if !c.internal(fn) {
			roots = append(roots, c.summary(fn).sites...)
		}
	}
	roots = append(roots, init.sites...)
	c.report(roots)
	c.directives.ReportUnused("why repeating this write is safe", "unguarded write")
}

// originKey identifies one write where it entered the package, whatever
// the path of helpers of this package that leads to it.
type originKey struct {
	pos   token.Pos
	write string
}

func (c *checker) originKey(w write) originKey {
	var via []string
	for _, f := range w.Via {
		if f.PkgPath != c.pass.Pkg.Path() {
			via = append(via, f.name(""))
		}
	}
	return originKey{w.origin, strings.Join([]string{w.Op, w.Call, w.Member, string(w.Kind), w.Detail,
		strconv.Itoa(w.ValueLine), w.where(), strings.Join(via, ">")}, "\x00")}
}

// report reports the unguarded writes of the sites of the functions that
// run on their own (main, and those used as values). A write that they
// reach through helpers of this package is reported once, where it is in
// the helper, when no path to it is guarded: one fix, one finding. When
// some paths are guarded and others are not, it is reported at the calls
// that lead to it unguarded.
func (c *checker) report(roots []*site) {
	isRoot := map[token.Pos]bool{}
	for _, s := range roots {
		isRoot[s.pos] = true
	}
	guarded := map[originKey]bool{}
	for _, s := range roots {
		for _, w := range s.writes {
			if s.silenced || w.guardedBy(c.attrs) {
				guarded[c.originKey(w)] = true
			}
		}
	}
	atOrigin := map[token.Pos][]write{}
	for _, s := range roots {
		if s.silenced {
			continue
		}
		var unguarded []write
		for _, w := range s.writes {
			if w.guardedBy(c.attrs) {
				continue
			}
			k := c.originKey(w)
			if w.origin != s.pos && isRoot[w.origin] {
				continue // reported where it is, in a function that runs on its own
			}
			if o := c.sites[w.origin]; o != nil && w.origin != s.pos && !guarded[k] {
				for _, ow := range o.writes {
					if c.originKey(ow) == k && !slices.ContainsFunc(atOrigin[o.pos], func(x write) bool { return c.originKey(x) == k }) {
						atOrigin[o.pos] = append(atOrigin[o.pos], ow)
					}
				}
				continue
			}
			unguarded = append(unguarded, w)
		}
		if len(unguarded) > 0 {
			c.pass.Report(analysis.Diagnostic{Pos: s.pos, Message: c.message(s, unguarded)})
		}
	}
	var at []token.Pos
	for pos := range atOrigin {
		at = append(at, pos)
	}
	slices.Sort(at)
	for _, pos := range at {
		c.pass.Report(analysis.Diagnostic{Pos: pos, Message: c.message(c.sites[pos], atOrigin[pos])})
	}
}

// internal reports whether fn can only be reached through the calls of
// this package that name it: its writes are then judged at those calls,
// where the callers' guards apply (see report).
func (c *checker) internal(fn *types.Func) bool {
	if fn.Name() == "main" || fn.Name() == "init" {
		return false
	}
	if fn.Exported() && c.pass.Pkg.Name() != "main" {
		return false
	}
	// A function used as a value may run anywhere.
	return c.called[fn] && !c.asValue[fn]
}

// funcOf names fn for messages.
func funcOf(fn *types.Func) funcRef {
	name := fn.Name()
	if recv := fn.Signature().Recv(); recv != nil {
		t := types.Unalias(recv.Type())
		ptr := false
		if p, ok := t.(*types.Pointer); ok {
			t, ptr = types.Unalias(p.Elem()), true
		}
		typeName := "?"
		if n, ok := t.(*types.Named); ok {
			typeName = n.Obj().Name()
		}
		if ptr {
			name = "(*" + typeName + ")." + name
		} else {
			name = typeName + "." + name
		}
	}
	return funcRef{PkgPath: fn.Pkg().Path(), PkgName: fn.Pkg().Name(), Name: name}
}

func (c *checker) position(pos token.Pos) token.Position {
	return c.pass.Fset.Position(pos)
}

func (c *checker) newWrite(op string, kind writeKind, pos token.Pos) write {
	p := c.position(pos)
	return write{Op: op, Kind: kind, PkgPath: c.pass.Pkg.Path(), File: baseName(p.Filename), Line: p.Line}
}

func baseName(file string) string {
	if i := strings.LastIndexAny(file, `/\`); i >= 0 {
		return file[i+1:]
	}
	return file
}
