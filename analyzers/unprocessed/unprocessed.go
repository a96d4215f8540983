package unprocessed

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/miglint/miglint/analyzers/internal/directive"
	"github.com/miglint/miglint/analyzers/internal/docs"
	"github.com/miglint/miglint/analyzers/internal/dynamo"
	"github.com/miglint/miglint/analyzers/internal/setup"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "unprocessed",
	Doc:       docs.MustExtract(doc, "unprocessed"),
	URL:       "https://pkg.go.dev/github.com/miglint/miglint/analyzers/unprocessed",
	Requires:  []*analysis.Analyzer{setup.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(dropsFact)},
}

// dropsFact is the object fact about a function that, itself or through
// the functions it calls, makes a batch call whose unprocessed part it
// never reads.
type dropsFact struct {
	Drops []dynamo.Site
}

func (*dropsFact) AFact() {}

func (f *dropsFact) String() string {
	return "drops " + dynamo.JoinSites(f.Drops)
}

const maxSites = 8

// lost says, per operation, what is lost and what to do about it.
var lost = map[dynamo.Op]string{
	dynamo.BatchWriteItem:        "items DynamoDB did not process are dropped; send UnprocessedItems again, with backoff, until it is empty",
	dynamo.BatchGetItem:          "keys DynamoDB did not read are skipped; request UnprocessedKeys again, with backoff, until it is empty",
	dynamo.BatchExecuteStatement: "statements that failed are lost; check each Responses[i].Error and retry or fail",
}

func run(pass *analysis.Pass) (any, error) {
	if strings.HasPrefix(pass.Pkg.Path(), dynamo.SDKPrefix) {
		return nil, nil
	}
	pkg := setup.For(pass)
	if pkg.IsDependency || len(pkg.Files) == 0 {
		return nil, nil
	}
	if !pkg.IsMigration && !dynamo.Reaches(pass.Pkg) && len(pass.AllObjectFacts()) == 0 {
		return nil, nil
	}
	c := &checker{pass: pass, decls: map[*types.Func]*ast.FuncDecl{}, summaries: map[*types.Func]*dropsFact{}}
	for _, f := range pkg.Files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
					c.decls[fn] = fd
				}
			}
		}
	}
	for fn := range c.decls {
		c.summary(fn)
	}
	// A package main cannot be imported: its facts would reach no one.
	if pass.Pkg.Name() != "main" {
		for fn, s := range c.summaries {
			if len(s.Drops) > 0 {
				s.Drops = dynamo.Compact(s.Drops, maxSites)
				pass.ExportObjectFact(fn, s)
			}
		}
	}
	if !pkg.IsMigration {
		return nil, nil
	}
	ds := directive.Read(pass, pkg.Files, "unprocessed")
	for _, f := range c.findings {
		ds.Reportf(f.pos, []token.Pos{f.stmt}, "%s", f.msg)
	}
	ds.ReportUnused("why losing part of the batch is safe", "")
	return nil, nil
}

type checker struct {
	pass      *analysis.Pass
	decls     map[*types.Func]*ast.FuncDecl
	summaries map[*types.Func]*dropsFact
	findings  []finding
}

type finding struct {
	pos, stmt token.Pos
	msg       string
}

func (c *checker) summary(fn *types.Func) *dropsFact {
	fn = fn.Origin()
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	decl := c.decls[fn]
	if decl == nil {
		var f dropsFact
		if fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	s := &dropsFact{}
	c.summaries[fn] = s
	c.walk(decl, s)
	return s
}

func (c *checker) walk(decl *ast.FuncDecl, s *dropsFact) {
	info := c.pass.TypesInfo
	ast.PreorderStack(decl.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if callee, ok := typeutil.Callee(info, call).(*types.Func); ok {
			if cs := c.summary(callee); cs != nil && len(cs.Drops) > 0 {
				ref := dynamo.RefOf(callee.Origin())
				for _, site := range cs.Drops {
					s.Drops = append(s.Drops, site.Through(ref))
				}
				// A helper of this package is reported at its own call.
				if callee.Pkg() != c.pass.Pkg {
					site, here := cs.Drops[0], c.pass.Pkg.Path()
					c.report(call, stack, "call of %s loses part of the %s at %s%s: %s; handle it in the helper",
						ref.In(here), site.Op, site.At(here), site.ViaText(here), whatIsLost(site.Op))
				}
				return true
			}
		}
		if op := batchOp(info, call); op != "" {
			c.batch(decl, call, op, stack, s)
		}
		return true
	})
}

// batchOp returns the batch operation that call performs or hands back:
// it takes a batch input, or returns a batch output (a helper that builds
// the input itself), or "".
func batchOp(info *types.Info, call *ast.CallExpr) dynamo.Op {
	for _, arg := range dynamo.InputArgs(info, call) {
		if arg.Op.Unprocessed() != "" {
			return arg.Op
		}
	}
	if sig, ok := types.Unalias(info.TypeOf(call.Fun)).(*types.Signature); ok {
		for v := range sig.Results().Variables() {
			if op := dynamo.Output(v.Type()); op.Unprocessed() != "" {
				return op
			}
		}
	}
	return ""
}

func whatIsLost(op dynamo.Op) string {
	l := lost[op]
	l, _, _ = strings.Cut(l, ";")
	return l
}

// batch judges a batch call of op: where its output goes, and whether its
// unprocessed part is read.
func (c *checker) batch(decl *ast.FuncDecl, call *ast.CallExpr, op dynamo.Op, stack []ast.Node, s *dropsFact) {
	info := c.pass.TypesInfo
	sig, ok := types.Unalias(info.TypeOf(call.Fun)).(*types.Signature)
	if !ok {
		return
	}
	result := -1
	for i := range sig.Results().Len() {
		if dynamo.Output(sig.Results().At(i).Type()) == op {
			result = i
		}
	}
	if result < 0 {
		return // the callee keeps the output: it is the callee's to handle
	}
	drop := func(format string) {
		s.Drops = append(s.Drops, dynamo.SiteAt(c.pass.Fset, c.pass.Pkg, op, call.Pos()))
		c.report(call, stack, format, op, lost[op])
	}
	switch parent := stack[len(stack)-1].(type) {
	case *ast.ExprStmt, *ast.GoStmt, *ast.DeferStmt:
		drop("%s output is discarded: %s")
	case *ast.AssignStmt:
		if len(parent.Rhs) != 1 || result >= len(parent.Lhs) {
			return
		}
		id, ok := parent.Lhs[result].(*ast.Ident)
		if !ok {
			return // stored in a field or an element: handed on
		}
		if id.Name == "_" {
			drop("%s output is assigned to _: %s")
			return
		}
		if v, ok := info.ObjectOf(id).(*types.Var); ok && !c.reads(decl, v, op) {
			drop(fmt.Sprintf("%s of this %%s is never read: %%s", op.Unprocessed()))
		}
	case *ast.ValueSpec:
		if result >= len(parent.Names) {
			return
		}
		if id := parent.Names[result]; id.Name == "_" {
			drop("%s output is assigned to _: %s")
		} else if v, ok := info.Defs[id].(*types.Var); ok && !c.reads(decl, v, op) {
			drop(fmt.Sprintf("%s of this %%s is never read: %%s", op.Unprocessed()))
		}
	case *ast.SelectorExpr:
		if !c.fieldReads(decl, parent, op, nil) {
			drop(fmt.Sprintf("%s of this %%s is never read: %%s", op.Unprocessed()))
		}
	}
	// Anything else (returned, passed on) is handed on.
}

// reads reports whether decl reads the unprocessed part of output v, or
// hands v on to code miglint cannot follow.
func (c *checker) reads(decl *ast.FuncDecl, v *types.Var, op dynamo.Op) bool {
	found := false
	ast.PreorderStack(decl.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if found || !ok || c.pass.TypesInfo.Uses[id] != v {
			return !found
		}
		parent := stack[len(stack)-1]
		if as, ok := parent.(*ast.AssignStmt); ok && as.Tok == token.ASSIGN {
			for _, lhs := range as.Lhs {
				if lhs == id {
					return true // assigned, not read
				}
			}
		}
		if call, ok := parent.(*ast.CallExpr); ok && printing(c.pass.TypesInfo, call) {
			return true // printed, not handled
		}
		sel, ok := parent.(*ast.SelectorExpr)
		if !ok || sel.X != id {
			found = true // handed on
			return false
		}
		found = c.fieldReads(decl, sel, op, v) || handedOn(c.pass.TypesInfo, sel, op, stack[:len(stack)-1])
		return !found
	})
	return found
}

// fieldReads reports whether the selection sel of field of output v (nil
// for the output of a call used at once) reads its unprocessed part:
// UnprocessedItems or UnprocessedKeys, or for a statement batch its
// Responses when decl reads the Error of one of them.
func (c *checker) fieldReads(decl *ast.FuncDecl, sel *ast.SelectorExpr, op dynamo.Op, v *types.Var) bool {
	if sel.Sel.Name != op.Unprocessed() {
		return false
	}
	if op != dynamo.BatchExecuteStatement {
		return true
	}
	return v != nil && c.readsResponseError(decl, v)
}

// readsResponseError reports whether decl reads the Error of a response
// of output v: v.Responses[i].Error, or r.Error where r ranges over
// v.Responses or was assigned from it.
func (c *checker) readsResponseError(decl *ast.FuncDecl, v *types.Var) bool {
	info := c.pass.TypesInfo
	from := map[*types.Var]bool{v: true}
	rooted := func(e ast.Expr) bool {
		for {
			switch x := ast.Unparen(e).(type) {
			case *ast.Ident:
				w, _ := info.ObjectOf(x).(*types.Var)
				return from[w]
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			case *ast.UnaryExpr:
				e = x.X
			default:
				return false
			}
		}
	}
	addVar := func(e ast.Expr) {
		if id, ok := e.(*ast.Ident); ok {
			if w, ok := info.ObjectOf(id).(*types.Var); ok {
				from[w] = true
			}
		}
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			if rooted(n.X) && n.Value != nil {
				addVar(n.Value)
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, rhs := range n.Rhs {
					if rooted(rhs) {
						addVar(n.Lhs[i])
					}
				}
			}
		case *ast.SelectorExpr:
			if n.Sel.Name == "Error" && dynamo.IsBatchStatementResponse(info.TypeOf(n.X)) && rooted(n.X) {
				found = true
			}
		}
		return !found
	})
	return found
}

func (c *checker) report(call *ast.CallExpr, stack []ast.Node, format string, args ...any) {
	pos := call.Pos()
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		pos = sel.Sel.Pos()
	}
	stmt := call.Pos()
	for i := len(stack) - 1; i >= 0; i-- {
		if s, ok := stack[i].(ast.Stmt); ok {
			stmt = s.Pos()
			break
		}
	}
	c.findings = append(c.findings, finding{pos: pos, stmt: stmt, msg: fmt.Sprintf(format, args...)})
}

// handedOn reports whether the selection sel of the unprocessed field is
// handed to other code, which miglint cannot follow: passed to a function
// (other than to print it) or returned. stack holds sel's ancestors.
func handedOn(info *types.Info, sel *ast.SelectorExpr, op dynamo.Op, stack []ast.Node) bool {
	if sel.Sel.Name != op.Unprocessed() || len(stack) == 0 {
		return false
	}
	switch parent := stack[len(stack)-1].(type) {
	case *ast.CallExpr:
		if id, ok := ast.Unparen(parent.Fun).(*ast.Ident); ok {
			if _, builtin := info.Uses[id].(*types.Builtin); builtin {
				return false // len(out.Responses) reads no Error
			}
		}
		return parent.Fun != sel && !printing(info, parent)
	case *ast.ReturnStmt:
		return true
	}
	return false
}

// printing reports whether call is of a function of fmt or log: printing
// an output (fmt.Println(out)) shows the unprocessed part to no one who
// will send it again.
func printing(info *types.Info, call *ast.CallExpr) bool {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "fmt", "log", "log/slog":
		return true
	}
	return false
}
