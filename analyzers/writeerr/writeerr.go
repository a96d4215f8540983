package writeerr

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/miglint/miglint/analyzers/internal/directive"
	"github.com/miglint/miglint/analyzers/internal/docs"
	"github.com/miglint/miglint/analyzers/internal/dynamo"
	"github.com/miglint/miglint/analyzers/internal/setup"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:      "writeerr",
	Doc:       docs.MustExtract(doc, "writeerr"),
	URL:       "https://pkg.go.dev/github.com/miglint/miglint/analyzers/writeerr",
	Requires:  []*analysis.Analyzer{setup.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(writesFact)},
}

// writesFact is the object fact about a function that writes to DynamoDB,
// itself or through the functions it calls: where the first writes are.
type writesFact struct {
	Writes []dynamo.Site
}

func (*writesFact) AFact() {}

func (f *writesFact) String() string {
	return "writes " + dynamo.JoinSites(f.Writes)
}

const maxSites = 4

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
	c := &checker{pass: pass, decls: map[*types.Func]*ast.FuncDecl{}, summaries: map[*types.Func]*writesFact{}, calls: map[token.Pos]*call{}}
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
			if len(s.Writes) > 0 {
				s.Writes = dynamo.Compact(s.Writes, maxSites)
				pass.ExportObjectFact(fn, s)
			}
		}
	}
	if !pkg.IsMigration || len(c.calls) == 0 && !hasDirectives(pkg.Files) {
		return nil, nil
	}
	ds := directive.Read(pass, pkg.Files, "writeerr")
	for _, f := range c.discarded() {
		ds.Reportf(f.pos, []token.Pos{f.stmt}, "%s", f.msg)
	}
	ds.ReportUnused("why a failed write may go unnoticed", "")
	return nil, nil
}

// hasDirectives reports whether a file has a //miglint:ignore comment: a
// migration without writes is only checked for unused directives.
func hasDirectives(files []*ast.File) bool {
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, directive.Prefix) {
					return true
				}
			}
		}
	}
	return false
}

type checker struct {
	pass      *analysis.Pass
	decls     map[*types.Func]*ast.FuncDecl
	summaries map[*types.Func]*writesFact
	calls     map[token.Pos]*call // the writes that return an error, by Lparen
}

// A call is one write whose error the caller must check.
type call struct {
	expr   *ast.CallExpr
	stmt   ast.Stmt // the statement it is in
	what   string   // "PutItem", "dbmodel.(*Store).Touch (UpdateItem at ...)"
	toVoid bool     // its error is assigned to _
}

type finding struct {
	pos, stmt token.Pos
	msg       string
}

func (c *checker) summary(fn *types.Func) *writesFact {
	fn = fn.Origin()
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	decl := c.decls[fn]
	if decl == nil {
		var f writesFact
		if fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	s := &writesFact{}
	c.summaries[fn] = s
	c.walk(decl, s)
	return s
}

// walk records the writes of decl in s and, for those that return an
// error, in c.calls.
func (c *checker) walk(decl *ast.FuncDecl, s *writesFact) {
	info := c.pass.TypesInfo
	here := c.pass.Pkg.Path()
	ast.PreorderStack(decl.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		e, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		what := ""
		for _, arg := range dynamo.InputArgs(info, e) {
			if arg.Op.IsWrite() && !(arg.Op == dynamo.ExecuteStatement && dynamo.IsSelect(info, arg.Expr)) {
				s.Writes = append(s.Writes, dynamo.SiteAt(c.pass.Fset, c.pass.Pkg, arg.Op, e.Pos()))
				what = string(arg.Op)
				break
			}
		}
		if callee, ok := typeutil.Callee(info, e).(*types.Func); ok && what == "" {
			if cs := c.summary(callee); cs != nil && len(cs.Writes) > 0 {
				ref := dynamo.RefOf(callee.Origin())
				for _, w := range cs.Writes {
					s.Writes = append(s.Writes, w.Through(ref))
				}
				w := cs.Writes[0]
				what = fmt.Sprintf("%s (%s at %s)", ref.In(here), w.Op, w.At(here))
			}
		}
		if what == "" || errorResult(info.TypeOf(e.Fun)) < 0 {
			return true
		}
		k := &call{expr: e, what: what}
		for i := len(stack) - 1; i >= 0 && k.stmt == nil; i-- {
			k.stmt, _ = stack[i].(ast.Stmt)
		}
		if as, ok := stack[len(stack)-1].(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
			i := errorResult(info.TypeOf(e.Fun))
			if i < len(as.Lhs) {
				if id, ok := as.Lhs[i].(*ast.Ident); ok && id.Name == "_" {
					k.toVoid = true
				}
			}
		}
		c.calls[e.Lparen] = k
		return true
	})
}

var errorType = types.Universe.Lookup("error").Type()

// errorResult returns the index of the last error result of a function
// of type t, or -1.
func errorResult(t types.Type) int {
	sig, ok := types.Unalias(t).(*types.Signature)
	if !ok {
		return -1
	}
	for i := sig.Results().Len() - 1; i >= 0; i-- {
		if types.Identical(sig.Results().At(i).Type(), errorType) {
			return i
		}
	}
	return -1
}

// discarded builds the package's SSA form and reports each write whose
// error value is never used: dropped at the call, or overwritten before
// any use on every path.
func (c *checker) discarded() []finding {
	pass := c.pass
	// Building SSA means creating the SSA members of every package the
	// migration imports (the SDK's dynamodb package alone has thousands):
	// about 1 ms of a go vet process. Most migrations check every write's
	// error in the plain way that SSA would only confirm, so they skip it.
	if c.allPlainlyChecked() {
		return nil
	}
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	ssapkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	ssapkg.Build()

	var findings []finding
	report := func(k *call, how string) {
		pos := k.expr.Pos()
		if sel, ok := ast.Unparen(k.expr.Fun).(*ast.SelectorExpr); ok {
			pos = sel.Sel.Pos()
		}
		stmt := k.expr.Pos()
		if k.stmt != nil {
			stmt = k.stmt.Pos()
		}
		findings = append(findings, finding{pos, stmt, fmt.Sprintf("error of %s is %s: a write that fails unnoticed is lost; check the error", k.what, how)})
	}
	var visit func(fn *ssa.Function)
	visit = func(fn *ssa.Function) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.Go:
					if k := c.calls[instr.Call.Pos()]; k != nil {
						report(k, "discarded (called in a go statement)")
					}
				case *ssa.Defer:
					if k := c.calls[instr.Call.Pos()]; k != nil {
						report(k, "discarded (called in a defer statement)")
					}
				case *ssa.Call:
					k := c.calls[instr.Call.Pos()]
					if k == nil || errUsed(instr) {
						continue
					}
					switch _, stmt := k.stmt.(*ast.ExprStmt); {
					case errCheckedIdly(instr):
						report(k, "checked, but nothing is done when it fails")
					case stmt:
						report(k, "discarded (the call is a statement)")
					case k.toVoid:
						report(k, "assigned to _")
					default:
						report(k, "overwritten or dropped before it is checked")
					}
				}
			}
		}
		for _, anon := range fn.AnonFuncs {
			visit(anon)
		}
	}
	for fn := range c.decls {
		if f := prog.FuncValue(fn); f != nil {
			visit(f)
		}
	}
	return findings
}

// errUsed reports whether the error result of call has a use.
func errUsed(call *ssa.Call) bool {
	i := errorResult(call.Call.Signature())
	if call.Call.Signature().Results().Len() == 1 {
		return hasUse(call)
	}
	for _, r := range *call.Referrers() {
		if x, ok := r.(*ssa.Extract); ok && x.Index == i && hasUse(x) {
			return true
		}
	}
	return false
}

// hasUse reports whether v has a use. Wrapping an error and dropping the
// wrapped one (errors.Wrap(err, "...") as a statement) is no use, and
// neither is a comparison with nil whose failing branch does nothing.
// errCheckedIdly reports whether the error result of call is compared
// with nil to no effect.
func errCheckedIdly(call *ssa.Call) bool {
	i := errorResult(call.Call.Signature())
	if call.Call.Signature().Results().Len() == 1 {
		return checkedIdly(call)
	}
	for _, r := range *call.Referrers() {
		if x, ok := r.(*ssa.Extract); ok && x.Index == i && checkedIdly(x) {
			return true
		}
	}
	return false
}

func hasUse(v ssa.Value) bool {
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
			continue
		case *ssa.Call:
			if wraps(r) && !hasUse(r) {
				continue
			}
		case *ssa.BinOp:
			if idleCheck(r) {
				continue
			}
		}
		return true
	}
	return false
}

// checkedIdly reports whether one of the uses of v is a comparison with
// nil whose failing branch does nothing.
func checkedIdly(v ssa.Value) bool {
	for _, r := range *v.Referrers() {
		if b, ok := r.(*ssa.BinOp); ok && idleCheck(b) {
			return true
		}
	}
	return false
}

// idleCheck reports whether cmp compares an error with nil only to branch
// to a block that does nothing (but drop wrapped errors) before it joins
// the other branch: if err != nil { } or if err != nil { errors.Wrap(err, "") }.
func idleCheck(cmp *ssa.BinOp) bool {
	if cmp.Op != token.NEQ && cmp.Op != token.EQL {
		return false
	}
	if c, ok := cmp.Y.(*ssa.Const); !ok || !c.IsNil() {
		return false
	}
	refs := *cmp.Referrers()
	if len(refs) == 0 {
		return true // if err != nil { }: the builder dropped the branch
	}
	if len(refs) != 1 {
		return false
	}
	branch, ok := refs[0].(*ssa.If)
	if !ok {
		return false
	}
	failed, success := branch.Block().Succs[0], branch.Block().Succs[1]
	if cmp.Op == token.EQL {
		failed, success = success, failed
	}
	// if err == nil { ... }: the success branch falls through to where
	// the failing one goes at once.
	for b, n := success, 0; n < 8; b, n = b.Succs[0], n+1 {
		if b == failed {
			return true
		}
		if len(b.Succs) != 1 {
			break
		}
	}
	// if err != nil { }: the failing branch does nothing, then joins.
	for _, instr := range failed.Instrs {
		switch instr := instr.(type) {
		case *ssa.DebugRef, *ssa.Jump:
		// The arguments of a wrapping call: errors.Wrapf(err, "page %d", n).
		case *ssa.Alloc, *ssa.IndexAddr, *ssa.Slice, *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.Convert:
		case *ssa.Store:
			ia, ok := instr.Addr.(*ssa.IndexAddr)
			if !ok {
				return false
			}
			if array, ok := ia.X.(*ssa.Alloc); !ok || array.Block() != failed {
				return false
			}
		case *ssa.Call:
			if !wraps(instr) || hasUse(instr) {
				return false
			}
		default:
			return false
		}
	}
	return len(failed.Succs) == 1 && failed.Succs[0] == success
}

// wraps reports whether call is of a function of an errors package
// (errors, github.com/pkg/errors, ...) that returns an error only: it
// wraps or annotates its argument and does nothing else with it.
func wraps(call *ssa.Call) bool {
	fn := call.Call.StaticCallee()
	if fn == nil || fn.Pkg == nil {
		return false
	}
	path := fn.Pkg.Pkg.Path()
	if path != "errors" && !strings.HasSuffix(path, "/errors") {
		return false
	}
	res := fn.Signature.Results()
	return res.Len() == 1 && types.Identical(res.At(0).Type(), errorType)
}

// allPlainlyChecked reports whether every write of the package has its
// error checked in one of the two plain shapes, where nothing can drop,
// overwrite or ignore it:
//
//	if err := write(); err != nil { ...; return ...err... }
//	err := write()   // or err = write()
//	if err != nil { ...; return ...err... }
//
// (or log.Fatal(err), panic(err) in place of the return).
func (c *checker) allPlainlyChecked() bool {
	next := map[ast.Stmt]ast.Stmt{}    // a statement -> the one after it
	ifOf := map[ast.Stmt]*ast.IfStmt{} // an if's Init -> the if
	for _, fd := range c.decls {
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			var list []ast.Stmt
			switch n := n.(type) {
			case *ast.BlockStmt:
				list = n.List
			case *ast.CaseClause:
				list = n.Body
			case *ast.CommClause:
				list = n.Body
			case *ast.IfStmt:
				if n.Init != nil {
					ifOf[n.Init] = n
				}
			}
			for i := 0; i+1 < len(list); i++ {
				next[list[i]] = list[i+1]
			}
			return true
		})
	}
	for _, k := range c.calls {
		as, ok := k.stmt.(*ast.AssignStmt)
		if !ok || k.toVoid || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != k.expr {
			return false
		}
		i := errorResult(c.pass.TypesInfo.TypeOf(k.expr.Fun))
		if i < 0 || i >= len(as.Lhs) {
			return false
		}
		id, ok := as.Lhs[i].(*ast.Ident)
		if !ok {
			return false
		}
		v := c.pass.TypesInfo.ObjectOf(id)
		check := ifOf[as]
		if check == nil {
			check, _ = next[as].(*ast.IfStmt)
		}
		if v == nil || check == nil || !c.returnsOnError(check, v) {
			return false
		}
	}
	return true
}

// returnsOnError reports whether s is "if v != nil { ...; return ...v... }",
// or ends in panic(...v...) or log.Fatal(...v...) instead of the return.
func (c *checker) returnsOnError(s *ast.IfStmt, v types.Object) bool {
	cond, ok := ast.Unparen(s.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ || !c.is(cond.X, v) || !c.isNil(cond.Y) || len(s.Body.List) == 0 {
		return false
	}
	var out []ast.Expr // what leaves with the error
	switch last := s.Body.List[len(s.Body.List)-1].(type) {
	case *ast.ReturnStmt:
		out = last.Results
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(last.X).(*ast.CallExpr); ok && c.stops(call) {
			out = call.Args
		}
	}
	mentions := false
	for _, r := range out {
		ast.Inspect(r, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == v {
				mentions = true
			}
			return !mentions
		})
	}
	return mentions
}

// stops reports whether call is panic or log.Fatal..., log.Panic...: the
// program does not go on past a failed write.
func (c *checker) stops(call *ast.CallExpr) bool {
	switch fn := typeutil.Callee(c.pass.TypesInfo, call).(type) {
	case *types.Builtin:
		return fn.Name() == "panic"
	case *types.Func:
		return fn.Pkg() != nil && fn.Pkg().Path() == "log" && fn.Signature().Recv() == nil &&
			(strings.HasPrefix(fn.Name(), "Fatal") || strings.HasPrefix(fn.Name(), "Panic"))
	}
	return false
}

func (c *checker) is(e ast.Expr, v types.Object) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && c.pass.TypesInfo.Uses[id] == v
}

func (c *checker) isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && c.pass.TypesInfo.Uses[id] == types.Universe.Lookup("nil")
}
