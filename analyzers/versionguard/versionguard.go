// Package versionguard defines an Analyzer that reports DynamoDB writes in
// a migration that are not guarded by the item's version, so that running
// the migration a second time, as happens after a partial failure, could
// write over data that was already migrated or changed since.
//
// # Writes
//
// A write is a call with a parameter of type *dynamodb.PutItemInput,
// UpdateItemInput, DeleteItemInput, BatchWriteItemInput,
// TransactWriteItemsInput, ExecuteStatementInput,
// BatchExecuteStatementInput or ExecuteTransactionInput
// (github.com/aws/aws-sdk-go-v2/service/dynamodb), whatever the receiver:
// the client, an interface, a wrapper. A wrapper that passes its own input
// parameter on is not a write itself: its callers pass the input, so their
// calls are. A PartiQL SELECT is a read. A call of a function that performs
// an unguarded write is a write too, found through facts for functions of
// other packages, and so is a call of a function listed in
// [versionguard].writers.
//
// # Guards
//
//  1. The write's condition names a version attribute: its
//     ConditionExpression (a literal, a constant, a variable assigned once,
//     fmt.Sprintf of those), directly or through ExpressionAttributeNames; a
//     condition built with feature/dynamodb/expression on
//     expression.Name("version"); the legacy Expected map. Every Put,
//     Update and Delete of a transaction needs its own. A PartiQL UPDATE or
//     DELETE needs the attribute in its WHERE clause. A helper whose
//     condition is only known at run time (a builder such as
//     guregu/dynamo's) takes it from the string arguments of the condition
//     methods (If..., When..., ...Condition...) called on its receiver:
//     table.Put(item).If("'version' = ?", v).Run(ctx).
//  2. The write only runs where the item's version has been compared:
//     inside an if (or a switch case) whose condition compares a version
//     (a field, a map entry item["version"], a getter such as
//     dbmodel.Version(item), or a variable assigned from one of them), or
//     after such an if whose body leaves (return, continue, break, goto,
//     panic, log.Fatal, os.Exit), in an enclosing block. The guard may also
//     be in the caller of a helper of the same package.
//  3. A //miglint:ignore versionguard -- reason comment on the line of the
//     call or the line above.
//
// # Facts and configuration
//
// Facts are computed for every package, migration or not, because the
// data-model helpers live outside the migrations. A fact records each
// write a function performs with the names that guard it, not a verdict:
// the package that reports decides with its own [versionguard].attributes.
// So a helper module's facts are the same whatever repository imports it,
// and under go vet and standalone alike. [versionguard].writers applies
// to the calls in the packages its configuration governs; packages of
// dependency modules (modules with a version) are analysed without it.
//
// # Limits
//
// What miglint cannot see counts as unguarded: an input or a condition
// built in another package (other than through a helper that performs the
// write), or by a function of this package with more than one result.
// A call through an interface or a function value is a write only when it
// takes a write's input, and a method of the package that is called both
// directly and through an interface is checked at its direct calls only.
// Guards are lexical: a comparison in the caller guards the call of a
// helper, not the helper's other calls.
package versionguard

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/miglint/miglint/analyzers/internal/dynamo"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/miglint/miglint/analyzers/internal/setup"
)

const Doc = `report DynamoDB writes in a migration that are not guarded by the item's version

A migration is re-run after a partial failure, so each write must be
idempotent: guarded by the item's version. A write (PutItem, UpdateItem,
DeleteItem, BatchWriteItem, TransactWriteItems, ExecuteStatement,
BatchExecuteStatement, ExecuteTransaction, whatever the receiver; a call
of a helper, in any package, that performs an unguarded write; a function
listed in [versionguard].writers) is guarded when:

1. its condition names a version attribute: a ConditionExpression
   string, directly or through ExpressionAttributeNames, or one built with
   feature/dynamodb/expression on expression.Name("version"); each Put,
   Update and Delete of a transaction needs its own; a PartiQL UPDATE or
   DELETE needs the attribute in its WHERE clause; a helper whose condition
   is only known at run time (a builder) takes it from a condition method
   called on its receiver, as in Put(item).If("'version' = ?", v).Run(ctx);
   or
2. it only runs where the item's version has been compared: inside an if
   on the version, or after an if on the version whose body leaves
   (return, continue, break, goto) in an enclosing block; or
3. a "//miglint:ignore versionguard -- reason" comment is on its line or
   the line above. Without a reason the comment does not count and is
   reported; one that silences nothing is reported as unused.

A BatchWriteItem cannot carry a condition, so only 2 or 3 can guard it.
Version attributes are [versionguard].attributes in importrules.toml
(default "version"), matched case-insensitively against attribute names,
Go field names (and their dynamodbav tags) and getters (Version,
GetVersion). Only migrations are reported; facts about helpers are
computed for every package.`

var Analyzer = &analysis.Analyzer{
	Name:      name,
	Doc:       Doc,
	URL:       "https://pkg.go.dev/github.com/miglint/miglint/analyzers/versionguard",
	Requires:  []*analysis.Analyzer{setup.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(writesFact)},
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
	if !pkg.IsMigration && (pkg.Config == nil || len(pkg.Config.VersionGuard.Writers) == 0) && !mayWrite(pass) {
		return nil, nil
	}
	if len(pkg.Files) == 0 {
		return nil, nil
	}
	c := newChecker(pass, pkg)
	c.run()
	return nil, nil
}

// mayWrite reports whether the package could contain a write. A call that
// takes one of the write inputs needs the dynamodb package among those its
// types reach, and a call of a helper that writes needs the helper's fact.
func mayWrite(pass *analysis.Pass) bool {
	return len(pass.AllObjectFacts()) > 0 || dynamo.Reaches(pass.Pkg)
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

	summaries  map[*types.Func]*summary
	directives map[lineKey]*directive
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
		directives:    map[lineKey]*directive{},
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
		c.readDirectives(f)
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
			c.pass.ExportObjectFact(fn, &writesFact{Writes: s.writes})
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
	for _, fn := range fns {
		if !c.internal(fn) {
			c.report(c.summary(fn).sites)
		}
	}
	c.report(init.sites)
	c.reportDirectives()
}

// internal reports whether fn can only be reached through the calls of
// this package that name it: its writes are then reported at those calls,
// where the caller's guards apply, rather than inside it.
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

// report reports the sites whose writes are not all guarded.
func (c *checker) report(sites []*site) {
	for _, s := range sites {
		var unguarded []write
		for _, w := range s.writes {
			if !w.guardedBy(c.attrs) {
				unguarded = append(unguarded, w)
			}
		}
		if len(unguarded) > 0 {
			c.pass.Report(analysis.Diagnostic{Pos: s.pos, Message: c.message(s, unguarded)})
		}
	}
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
