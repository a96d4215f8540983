package pagination

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
	Name:      "pagination",
	Doc:       docs.MustExtract(doc, "pagination"),
	URL:       "https://pkg.go.dev/github.com/miglint/miglint/analyzers/pagination",
	Requires:  []*analysis.Analyzer{setup.Analyzer},
	Run:       run,
	FactTypes: []analysis.Fact{new(pagesFact)},
}

// pagesFact is the object fact about a function that reads Scan or Query
// pages: where it (or a function it calls) reads only the first page, and
// whether it pages through the input its caller gives it.
type pagesFact struct {
	OnePage   []dynamo.Site
	Paginates bool
}

func (*pagesFact) AFact() {}

func (f *pagesFact) String() string {
	var parts []string
	if f.Paginates {
		parts = append(parts, "paginates its input")
	}
	for _, s := range f.OnePage {
		parts = append(parts, "one page: "+s.String())
	}
	return strings.Join(parts, "; ")
}

// maxSites bounds the sites a fact records, so facts stay small where
// helpers call helpers.
const maxSites = 8

func run(pass *analysis.Pass) (any, error) {
	// The SDK's paginators page; nothing else of the SDK reads pages.
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
	c := &checker{pass: pass, decls: map[*types.Func]*ast.FuncDecl{}, summaries: map[*types.Func]*pagesFact{}}
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
			if len(s.OnePage) > 0 || s.Paginates {
				s.OnePage = dynamo.Compact(s.OnePage, maxSites)
				pass.ExportObjectFact(fn, s)
			}
		}
	}
	if !pkg.IsMigration {
		return nil, nil
	}
	ds := directive.Read(pass, pkg.Files, "pagination")
	for _, f := range c.findings {
		ds.Reportf(f.pos, []token.Pos{f.stmt}, "%s", f.msg)
	}
	ds.ReportUnused("why reading one page is enough", "")
	return nil, nil
}

type checker struct {
	pass      *analysis.Pass
	decls     map[*types.Func]*ast.FuncDecl
	summaries map[*types.Func]*pagesFact // being computed while in it
	findings  []finding
}

type finding struct {
	pos, stmt token.Pos
	msg       string
}

// summary returns what fn reads: from its body in this package, from its
// fact elsewhere; nil when nothing is known.
func (c *checker) summary(fn *types.Func) *pagesFact {
	fn = fn.Origin()
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	decl := c.decls[fn]
	if decl == nil {
		var f pagesFact
		if fn.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(fn, &f) {
			return &f
		}
		return nil
	}
	s := &pagesFact{}
	c.summaries[fn] = s // a recursive call sees what is known so far
	c.walk(decl, s)
	return s
}

// walk finds the reads of decl's body and records them in s.
func (c *checker) walk(decl *ast.FuncDecl, s *pagesFact) {
	info := c.pass.TypesInfo
	ast.PreorderStack(decl.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if op := dynamo.Paginator(info, call); op != "" {
			c.paginator(decl, call, op, stack, s)
			return true
		}
		if callee, ok := typeutil.Callee(info, call).(*types.Func); ok {
			if cs := c.summary(callee); cs != nil {
				if cs.Paginates {
					return true
				}
				ref := dynamo.RefOf(callee.Origin())
				for _, site := range cs.OnePage {
					s.OnePage = append(s.OnePage, site.Through(ref))
				}
				// A helper of this package is reported at its own read.
				if len(cs.OnePage) > 0 && callee.Pkg() != c.pass.Pkg {
					site := cs.OnePage[0]
					c.report(call, stack, "call of %s reads only the first page (1 MB): its %s at %s%s never follows LastEvaluatedKey; paginate in the helper",
						ref.In(c.pass.Pkg.Path()), site.Op, site.At(c.pass.Pkg.Path()), site.ViaText(c.pass.Pkg.Path()))
				}
			}
		}
		for _, arg := range dynamo.InputArgs(info, call) {
			if arg.Op.IsPaged() {
				c.read(decl, call, arg, stack, s)
			}
		}
		return true
	})
}

// read judges one call that takes a Scan or Query input.
func (c *checker) read(decl *ast.FuncDecl, call *ast.CallExpr, arg dynamo.Arg, stack []ast.Node, s *pagesFact) {
	in := c.input(decl, arg.Expr)
	paged := c.paged(decl, stack, arg.Op, arg.Expr)
	if in.param {
		// A wrapper: its callers pass the input, so their calls are the
		// reads, unless the wrapper pages through it.
		if paged {
			s.Paginates = true
		}
		return
	}
	if in.fields["Segment"] != in.fields["TotalSegments"] {
		set, missing := "Segment", "TotalSegments"
		if in.fields["TotalSegments"] {
			set, missing = missing, set
		}
		c.report(call, stack, "parallel Scan sets %s without %s; set both (segment.FromEnv gives them), and paginate each segment", set, missing)
	}
	if in.fields["Limit"] || paged {
		return
	}
	s.OnePage = append(s.OnePage, dynamo.SiteAt(c.pass.Fset, c.pass.Pkg, arg.Op, call.Pos()))
	what := string(arg.Op)
	if in.fields["Select"] {
		what += " (its Count is per page)"
	}
	c.report(call, stack, "%s reads only the first page (1 MB): loop while LastEvaluatedKey is set, passing it as ExclusiveStartKey, or use dynamodb.New%sPaginator", what, arg.Op)
}

// paginator judges a call of dynamodb.NewScanPaginator or
// NewQueryPaginator: each NextPage of the paginator must stand in a loop
// that asks HasMorePages.
func (c *checker) paginator(decl *ast.FuncDecl, call *ast.CallExpr, op dynamo.Op, stack []ast.Node, s *pagesFact) {
	p := assignedVar(c.pass.TypesInfo, call, stack)
	if p == nil {
		return // handed on at once: miglint cannot follow it
	}
	var once []*ast.CallExpr
	var onceStack [][]ast.Node
	escapes, nexts := false, 0
	ast.PreorderStack(decl.Body, nil, func(n ast.Node, st []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || c.pass.TypesInfo.Uses[id] != p {
			return true
		}
		method, next := methodCall(id, st)
		switch {
		case method == "NextPage":
			nexts++
			if !c.loopAsks(next, st, p) {
				once = append(once, next)
				onceStack = append(onceStack, st)
			}
		case method == "HasMorePages":
		default:
			escapes = true
		}
		return true
	})
	if escapes || nexts == 0 {
		return
	}
	if len(call.Args) > 1 {
		if in := c.input(decl, call.Args[1]); in.param && len(once) == 0 {
			s.Paginates = true
		}
	}
	for i, next := range once {
		s.OnePage = append(s.OnePage, dynamo.SiteAt(c.pass.Fset, c.pass.Pkg, op, next.Pos()))
		c.report(next, onceStack[i], "NextPage of the %s paginator is not called in a loop on HasMorePages, so it reads only the first page; write for p.HasMorePages() { page, err := p.NextPage(ctx) ... }", op)
	}
}

// methodCall returns the method called on id ("NextPage") and its call,
// when id is the receiver of a method call.
func methodCall(id *ast.Ident, stack []ast.Node) (string, *ast.CallExpr) {
	if len(stack) < 2 {
		return "", nil
	}
	sel, ok := stack[len(stack)-1].(*ast.SelectorExpr)
	if !ok || sel.X != id {
		return "", nil
	}
	call, ok := stack[len(stack)-2].(*ast.CallExpr)
	if !ok || call.Fun != sel {
		return "", nil
	}
	return sel.Sel.Name, call
}

// loopAsks reports whether one of the loops around a NextPage call asks
// p.HasMorePages(), in its condition or its body.
func (c *checker) loopAsks(next *ast.CallExpr, stack []ast.Node, p *types.Var) bool {
	for _, loop := range loops(stack) {
		found := false
		ast.Inspect(loop, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && sel.Sel.Name == "HasMorePages" {
				if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == p {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// paged reports whether a read of op in decl pages: one of the loops
// around it reads an output's LastEvaluatedKey and feeds it on (sets an
// input's ExclusiveStartKey, or keeps the key: assigns it, passes it,
// returns it); or decl sets the ExclusiveStartKey of the very input in
// (the same expression) from a LastEvaluatedKey, as an iterator's Next
// does between its calls, and a function that calls itself again does.
func (c *checker) paged(decl *ast.FuncDecl, stack []ast.Node, op dynamo.Op, in ast.Expr) bool {
	for _, loop := range loops(stack) {
		if reads, sets, keeps := c.keys(loop, op); reads && (sets || keeps) {
			return true
		}
	}
	found := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
			for i, lhs := range as.Lhs {
				if c.isKey(lhs, "ExclusiveStartKey", op) && c.isKey(as.Rhs[i], "LastEvaluatedKey", op) &&
					types.ExprString(ast.Unparen(lhs).(*ast.SelectorExpr).X) == types.ExprString(ast.Unparen(in)) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// keys tells how n handles the keys of op's pages: whether it reads an
// output's LastEvaluatedKey, sets an input's ExclusiveStartKey, and
// keeps the LastEvaluatedKey (uses it other than in a comparison).
func (c *checker) keys(n ast.Node, op dynamo.Op) (reads, sets, keeps bool) {
	info := c.pass.TypesInfo
	ast.PreorderStack(n, nil, func(n ast.Node, stack []ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if c.isKey(n, "ExclusiveStartKey", op) {
				sets = true
			}
			if !c.isKey(n, "LastEvaluatedKey", op) {
				break
			}
			reads = true
			switch parent := stack[len(stack)-1].(type) {
			case *ast.AssignStmt, *ast.KeyValueExpr, *ast.ReturnStmt, *ast.ValueSpec:
				keeps = true
			case *ast.CallExpr:
				keeps = keeps || parent.Fun != n && !isLen(info, parent)
			}
		case *ast.CompositeLit:
			if dynamo.Input(info.TypeOf(n)) == op && hasKey(n, "ExclusiveStartKey") {
				sets = true
			}
		}
		return true
	})
	return reads, sets, keeps
}

// isKey reports whether e selects field name of op's input or output.
func (c *checker) isKey(e ast.Expr, name string, op dynamo.Op) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	t := c.pass.TypesInfo.TypeOf(sel.X)
	return dynamo.Input(t) == op || dynamo.Output(t) == op
}

// isLen reports whether call is of the builtin len.
func isLen(info *types.Info, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == "len"
}

// loops returns the for and range statements of stack, innermost first.
func loops(stack []ast.Node) []ast.Node {
	var ls []ast.Node
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			ls = append(ls, stack[i])
		}
	}
	return ls
}

func hasKey(lit *ast.CompositeLit, name string) bool {
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == name {
				return true
			}
		}
	}
	return false
}

// An input is what miglint sees of the input a read is given.
type input struct {
	param  bool            // a parameter of the enclosing function
	fields map[string]bool // the fields set, in its literal or by assignment
}

// input describes the input expression e of a read in decl.
func (c *checker) input(decl *ast.FuncDecl, e ast.Expr) input {
	info := c.pass.TypesInfo
	in := input{fields: map[string]bool{}}
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	switch e := e.(type) {
	case *ast.CompositeLit:
		addKeys(in.fields, e)
	case *ast.Ident:
		v, ok := info.Uses[e].(*types.Var)
		if !ok {
			return in
		}
		if isParam(decl, info, v) {
			in.param = true
			return in
		}
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					switch lhs := ast.Unparen(lhs).(type) {
					case *ast.Ident:
						if obj := info.ObjectOf(lhs); obj == v && len(n.Rhs) == len(n.Lhs) {
							addLit(in.fields, n.Rhs[i])
						}
					case *ast.SelectorExpr:
						if id, ok := ast.Unparen(lhs.X).(*ast.Ident); ok && info.Uses[id] == v {
							in.fields[lhs.Sel.Name] = true
						}
					}
				}
			case *ast.ValueSpec:
				for i, name := range n.Names {
					if info.Defs[name] == v && i < len(n.Values) {
						addLit(in.fields, n.Values[i])
					}
				}
			}
			return true
		})
	}
	return in
}

func addLit(fields map[string]bool, e ast.Expr) {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	if lit, ok := e.(*ast.CompositeLit); ok {
		addKeys(fields, lit)
	}
}

func addKeys(fields map[string]bool, lit *ast.CompositeLit) {
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				fields[id.Name] = true
			}
		}
	}
}

// isParam reports whether v is a parameter or the receiver of decl.
func isParam(decl *ast.FuncDecl, info *types.Info, v *types.Var) bool {
	fn, ok := info.Defs[decl.Name].(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Signature()
	for p := range sig.Params().Variables() {
		if p == v {
			return true
		}
	}
	return sig.Recv() == v
}

// assignedVar returns the variable that call's value is assigned to or
// declared as, or nil.
func assignedVar(info *types.Info, call *ast.CallExpr, stack []ast.Node) *types.Var {
	if len(stack) == 0 {
		return nil
	}
	switch parent := stack[len(stack)-1].(type) {
	case *ast.AssignStmt:
		for i, rhs := range parent.Rhs {
			if rhs == call && i < len(parent.Lhs) && len(parent.Lhs) == len(parent.Rhs) {
				if id, ok := parent.Lhs[i].(*ast.Ident); ok {
					v, _ := info.ObjectOf(id).(*types.Var)
					return v
				}
			}
		}
	case *ast.ValueSpec:
		for i, val := range parent.Values {
			if val == call && i < len(parent.Names) {
				v, _ := info.Defs[parent.Names[i]].(*types.Var)
				return v
			}
		}
	}
	return nil
}

// report records a finding at the name called, which a directive on that
// line, on the line of the enclosing statement, or above either silences.
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
