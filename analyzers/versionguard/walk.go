package versionguard

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/miglint/miglint/analyzers/internal/dynamo"
)

// A summary is what one function does: the calls in it that write, and
// all its writes (those of its calls, with its own guards added), which
// become its fact.
type summary struct {
	sites  []*site
	writes []write
}

// A site is one call that writes: an SDK call, a call of a helper that
// writes, or a call of a listed writer.
type site struct {
	call   *ast.CallExpr
	pos    token.Pos // where it is reported: the name of the function called
	writes []write
	inLoop bool // a check before it can continue (else it returns)
	// silenced is set when a //miglint:ignore directive covers the site:
	// its writes count as guarded.
	silenced bool
}

// summary computes fn's summary once. A recursive call finds the summary
// still empty: the writes of a cycle are found at its first function.
func (c *checker) summary(fn *types.Func) *summary {
	if s, ok := c.summaries[fn]; ok {
		return s
	}
	s := &summary{}
	c.summaries[fn] = s
	w := &walker{c: c}
	w.stmts(c.decls[fn].Body.List, nil)
	w.applyDirectives()
	s.sites = w.sites
	for _, st := range w.sites {
		if !st.silenced {
			s.writes = append(s.writes, st.writes...)
		}
	}
	s.writes = normalize(s.writes)
	return s
}

// A walker visits the statements of one function in order, carrying the
// names compared by the ifs that the current statement runs under (rule
// 2). Function literals are visited where they stand: a closure built
// after a version check runs for the item that was checked.
//
// A slice that items are appended to only under a version check holds
// version-checked items: a write of them (a BatchWriteItem after the loop
// that filtered them) is guarded by that check too. filters holds, for
// each such variable, the names (in lower case) that every one of its
// appends was guarded by.
type walker struct {
	c       *checker
	sites   []*site
	filters map[*types.Var][]string
	loops   int // the loops around the current statement, in this function
}

func (w *walker) stmts(list []ast.Stmt, guards []string) {
	for _, s := range list {
		w.stmt(s, guards)
		if names := w.c.exitGuard(s); len(names) > 0 {
			guards = append(slices.Clip(guards), names...)
		}
	}
}

func (w *walker) stmt(s ast.Stmt, guards []string) {
	switch s := s.(type) {
	case nil:
	case *ast.BlockStmt:
		w.stmts(s.List, guards)
	case *ast.LabeledStmt:
		w.stmt(s.Stmt, guards)
	case *ast.IfStmt:
		w.stmt(s.Init, guards)
		w.expr(s.Cond, guards)
		inner := append(slices.Clip(guards), w.c.compared(s.Cond)...)
		w.stmts(s.Body.List, inner)
		w.stmt(s.Else, inner)
	case *ast.ForStmt:
		w.stmt(s.Init, guards)
		w.expr(s.Cond, guards)
		inner := append(slices.Clip(guards), w.c.compared(s.Cond)...)
		w.stmt(s.Post, inner)
		w.loops++
		w.stmts(s.Body.List, inner)
		w.loops--
	case *ast.RangeStmt:
		w.expr(s.X, guards)
		w.loops++
		w.stmts(s.Body.List, guards)
		w.loops--
	case *ast.SwitchStmt:
		w.stmt(s.Init, guards)
		w.expr(s.Tag, guards)
		var tagNames []string
		if s.Tag != nil {
			// Each case compares the tag.
			tagNames = w.c.operandNames(s.Tag)
		}
		for _, cc := range s.Body.List {
			cc := cc.(*ast.CaseClause)
			inner := append(slices.Clip(guards), tagNames...)
			for _, e := range cc.List {
				w.expr(e, guards)
				if s.Tag == nil {
					inner = append(inner, w.c.compared(e)...)
				}
			}
			w.stmts(cc.Body, inner)
		}
	case *ast.TypeSwitchStmt:
		w.stmt(s.Init, guards)
		w.stmt(s.Assign, guards)
		for _, cc := range s.Body.List {
			w.stmts(cc.(*ast.CaseClause).Body, guards)
		}
	case *ast.SelectStmt:
		for _, cc := range s.Body.List {
			cc := cc.(*ast.CommClause)
			w.stmt(cc.Comm, guards)
			w.stmts(cc.Body, guards)
		}
	case *ast.AssignStmt:
		w.expr(s, guards)
		w.recordFilters(s, guards)
	default:
		w.expr(s, guards)
	}
}

// recordFilters notes, for each variable given elements by s (an append,
// or a non-empty literal), the guards it was given them under.
func (w *walker) recordFilters(s *ast.AssignStmt, guards []string) {
	if len(s.Lhs) != len(s.Rhs) {
		return
	}
	for i, lhs := range s.Lhs {
		root := ast.Unparen(lhs)
		if ix, ok := root.(*ast.IndexExpr); ok {
			root = ast.Unparen(ix.X) // reqs[table] = append(reqs[table], r)
		}
		id, ok := root.(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := w.c.pass.TypesInfo.ObjectOf(id).(*types.Var)
		if !ok {
			continue
		}
		switch rhs := ast.Unparen(s.Rhs[i]).(type) {
		case *ast.CallExpr:
			if b, _ := typeutilBuiltin(w.c.pass.TypesInfo, rhs); b != "append" || len(rhs.Args) < 2 && !rhs.Ellipsis.IsValid() {
				continue
			}
		case *ast.CompositeLit:
			if len(rhs.Elts) == 0 {
				continue
			}
		default:
			continue
		}
		lower := make([]string, len(guards))
		for i, g := range guards {
			lower[i] = strings.ToLower(g)
		}
		if w.filters == nil {
			w.filters = map[*types.Var][]string{}
		}
		if prev, seen := w.filters[v]; seen {
			lower = slices.DeleteFunc(lower, func(n string) bool { return !slices.Contains(prev, n) })
		}
		w.filters[v] = lower
	}
}

// filterNames returns the guards of the filtered slices that args use.
func (w *walker) filterNames(args []ast.Expr) []string {
	if len(w.filters) == 0 {
		return nil
	}
	var names []string
	for _, arg := range args {
		w.c.follow(arg, func(n ast.Node) {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := w.c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok {
					names = append(names, w.filters[v]...)
				}
			}
		})
	}
	return names
}

// expr visits the calls in n, and the bodies of the function literals.
func (w *walker) expr(n ast.Node, guards []string) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			loops := w.loops
			w.loops = 0 // continue cannot leave a closure
			w.stmts(n.Body.List, guards)
			w.loops = loops
			return false
		case *ast.CallExpr:
			w.call(n, guards)
		}
		return true
	})
}

// call records call as a site if it writes.
func (w *walker) call(call *ast.CallExpr, guards []string) {
	c := w.c
	fn := c.calleeFunc(call)
	pos := reportPos(call)
	var writes []write
	if fn != nil && c.writers[writerName(fn)] {
		// Qualified: the fact carries the name to other packages.
		wr := c.newWrite(funcOf(fn).name(""), kindListed, pos)
		writes = append(writes, wr)
	} else if bw, ok := c.builderWrites(call, fn, pos); ok {
		writes = bw
	} else {
		writes = append(writes, c.sdkWrites(call, pos)...)
		if fn != nil {
			writes = append(writes, c.calleeWrites(fn)...)
		} else if m, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && len(writes) == 0 && isInterfaceMethod(m) {
			writes = append(writes, c.implementationWrites(m)...)
		}
	}
	if len(writes) == 0 {
		return
	}
	c.addChainConditions(call, writes)
	guards = append(slices.Clip(guards), w.filterNames(call.Args)...)
	for i := range writes {
		writes[i].Names = append(slices.Clip(writes[i].Names), guards...)
		if writes[i].origin == token.NoPos {
			writes[i].origin = pos
		}
	}
	s := &site{call: call, pos: pos, writes: writes, inLoop: w.loops > 0}
	c.sites[pos] = s
	w.sites = append(w.sites, s)
}

// reportPos is where a write is reported: the name of the function
// called, so that a chain of calls points at the right one.
func reportPos(call *ast.CallExpr) token.Pos {
	if id := calleeIdent(call.Fun); id != nil {
		return id.Pos()
	}
	return call.Pos()
}

// calleeWrites returns the writes of a function called: from its summary
// in this package, from its fact in another.
func (c *checker) calleeWrites(fn *types.Func) []write {
	var ws []write
	if fn.Pkg() == c.pass.Pkg {
		if _, ok := c.decls[fn]; !ok {
			return nil
		}
		ws = c.summary(fn).writes
	} else {
		var f writesFact
		if !c.pass.ImportObjectFact(fn, &f) {
			return nil
		}
		ws = f.Writes
	}
	out := make([]write, len(ws))
	for i, w := range ws {
		w.Via = append([]funcRef{funcOf(fn)}, w.Via...)
		w.Names = slices.Clip(w.Names)
		if fn.Pkg() != c.pass.Pkg {
			w.origin = token.NoPos // positions are this package's
		}
		out[i] = w
	}
	return out
}

// exitGuard returns the names compared by s when s is an if whose body
// leaves the enclosing block: the statements after it only run when the
// comparison let them.
func (c *checker) exitGuard(s ast.Stmt) []string {
	if l, ok := s.(*ast.LabeledStmt); ok {
		s = l.Stmt
	}
	ifs, ok := s.(*ast.IfStmt)
	if !ok || !c.leaves(ifs.Body) {
		return nil
	}
	return c.compared(ifs.Cond)
}

// leaves reports whether a block always ends by leaving: return,
// break, continue, goto, panic, log.Fatal, os.Exit.
func (c *checker) leaves(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	switch last := b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return last.Tok != token.FALLTHROUGH
	case *ast.BlockStmt:
		return c.leaves(last)
	case *ast.ExprStmt:
		call, ok := ast.Unparen(last.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		switch fn := typeutil.Callee(c.pass.TypesInfo, call).(type) {
		case *types.Builtin:
			return fn.Name() == "panic"
		case *types.Func:
			if fn.Pkg() == nil {
				return false
			}
			switch fn.Pkg().Path() {
			case "log":
				return strings.HasPrefix(fn.Name(), "Fatal") || strings.HasPrefix(fn.Name(), "Panic")
			case "os":
				return fn.Name() == "Exit"
			}
		}
	}
	return false
}

// compared returns the names on both sides of the comparisons in cond.
// A comparison with nil (err != nil) compares no version.
func (c *checker) compared(cond ast.Expr) []string {
	if cond == nil {
		return nil
	}
	var names []string
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			// A call of a function that returns a comparison.
			if fn := c.calleeFunc(n); fn != nil {
				names = append(names, c.checkNames(fn)...)
			}
		case *ast.BinaryExpr:
			switch n.Op {
			case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
				if c.isNil(n.X) || c.isNil(n.Y) {
					return false
				}
				names = append(names, c.operandNames(n.X)...)
				names = append(names, c.operandNames(n.Y)...)
				return false
			}
		}
		return true
	})
	return names
}

func (c *checker) isNil(e ast.Expr) bool {
	return c.pass.TypesInfo.Types[e].IsNil()
}

// operandNames returns the names that an operand of a comparison reads:
// fields (with their dynamodbav, dynamo and json tags), constant map keys
// (item["version"]), getters (Version(), GetVersion()), following local
// variables to the values assigned to them. An operand that is just a
// variable assigned nowhere in the package (a parameter) stands for
// itself: "if version >= target".
func (c *checker) operandNames(e ast.Expr) []string {
	var names []string
	if id, ok := ast.Unparen(e).(*ast.Ident); ok {
		if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok && len(c.assigned[v]) == 0 {
			return []string{v.Name()}
		}
	}
	c.collectNames(e, 0, map[*types.Var]bool{}, &names)
	return names
}

func (c *checker) collectNames(e ast.Expr, depth int, seen map[*types.Var]bool, names *[]string) {
	if depth > maxDepth {
		return
	}
	info := c.pass.TypesInfo
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectorExpr:
			if sel := info.Selections[n]; sel != nil && sel.Kind() == types.FieldVal {
				*names = append(*names, fieldNames(sel)...)
			}
		case *ast.CallExpr:
			if fn, ok := typeutil.Callee(info, n).(*types.Func); ok && returnsScalar(fn) {
				*names = append(*names, getterName(fn.Name()))
			}
		case *ast.IndexExpr:
			if key := c.text(n.Index, 0); !strings.Contains(key, unseen) && isString(info.TypeOf(n.Index)) {
				*names = append(*names, key)
			}
		case *ast.Ident:
			v, ok := info.ObjectOf(n).(*types.Var)
			if !ok || v.IsField() || seen[v] {
				return true
			}
			seen[v] = true
			for _, a := range c.assigned[v] {
				c.collectNames(a.value, depth+1, seen, names)
			}
		}
		return true
	})
}

// returnsScalar reports whether fn returns one number, string or bool (or
// a pointer to one), as a getter of a version does; a function that
// returns an item or a pair is not a getter, whatever its name.
func returnsScalar(fn *types.Func) bool {
	res := fn.Signature().Results()
	if res.Len() != 1 {
		return false
	}
	t := res.At(0).Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	_, ok := t.Underlying().(*types.Basic)
	return ok
}

// getterName strips a Get prefix: GetVersion and getVersion read version.
func getterName(name string) string {
	for _, p := range []string{"Get", "get"} {
		if rest, ok := strings.CutPrefix(name, p); ok && rest != "" && rest[0] >= 'A' && rest[0] <= 'Z' {
			return rest
		}
	}
	return name
}

// fieldNames returns a field's Go name and the attribute names its tags
// give it.
func fieldNames(sel *types.Selection) []string {
	field := sel.Obj().(*types.Var)
	names := []string{field.Name()}
	st := structOf(sel.Recv())
	idx := sel.Index()
	for i := 0; st != nil && i < len(idx)-1; i++ {
		st = structOf(st.Field(idx[i]).Type())
	}
	if st == nil || idx[len(idx)-1] >= st.NumFields() {
		return names
	}
	tag := reflect.StructTag(st.Tag(idx[len(idx)-1]))
	for _, key := range []string{"dynamodbav", "dynamo", "json"} {
		if v, ok := tag.Lookup(key); ok {
			if name, _, _ := strings.Cut(v, ","); name != "" && name != "-" {
				names = append(names, name)
			}
		}
	}
	return names
}

func structOf(t types.Type) *types.Struct {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, _ := t.Underlying().(*types.Struct)
	return st
}

// addChainConditions gives the writes of a helper whose condition is only
// known at run time the names that the caller passes to the condition
// methods of the helper's receiver: a builder such as
// table.Put(item).If("'version' = ?", v).Run(ctx) takes its condition
// from its caller.
func (c *checker) addChainConditions(call *ast.CallExpr, writes []write) {
	var names []string
	computed := false
	for i := range writes {
		if writes[i].Kind != kindConditionUnknown || len(writes[i].Via) == 0 {
			continue
		}
		if !computed {
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				names, _, _ = c.chainConditions(sel.X, isConditionMethod, nil)
			}
			computed = true
		}
		writes[i].Names = append(slices.Clip(writes[i].Names), names...)
	}
}

// chainConditions returns the names in the string arguments of the
// condition methods called along the receiver chain x, or on the variable
// that holds it, and the texts of their first arguments.
//
// hidden is set when the chain starts where miglint cannot follow it: a
// call of a function outside the builder's package (builderPkg) that
// returns the builder, or a parameter.
func (c *checker) chainConditions(x ast.Expr, isCondition func(string) bool, builderPkg func(*types.Package) bool) (names, texts []string, hidden bool) {
	seenVars := map[*types.Var]bool{}
	var receiver func(x ast.Expr, depth int)
	fromCall := func(call *ast.CallExpr, depth int) {
		if builderPkg != nil {
			if fn := c.calleeFunc(call); fn == nil || !builderPkg(fn.Pkg()) {
				// A function that returns the builder made it; one that
				// returns what builders are made from (a table) did not.
				if n := dynamo.NamedOf(c.pass.TypesInfo.TypeOf(call)); n != nil && n.Obj().Pkg() != nil && builderPkg(n.Obj().Pkg()) && isBuilderType(n.Obj().Name()) {
					hidden = true
				}
				return
			}
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return
		}
		if isCondition(sel.Sel.Name) {
			for i, arg := range call.Args {
				if !isString(c.pass.TypesInfo.TypeOf(arg)) {
					continue
				}
				text := c.text(arg, 0)
				if i == 0 {
					texts = append(texts, text)
				}
				if !strings.Contains(text, unseen) {
					names = append(names, builderConditionNames(text)...)
				}
			}
		}
		receiver(sel.X, depth+1)
	}
	receiver = func(x ast.Expr, depth int) {
		if depth > maxDepth {
			return
		}
		switch x := ast.Unparen(x).(type) {
		case *ast.CallExpr:
			fromCall(x, depth)
		case *ast.Ident:
			v, ok := c.pass.TypesInfo.ObjectOf(x).(*types.Var)
			if !ok || seenVars[v] {
				return
			}
			seenVars[v] = true
			if builderPkg != nil && (c.params[v] || len(c.assigned[v]) == 0) {
				hidden = true
			}
			for _, other := range c.receiverCalls[v] {
				fromCall(other, depth)
			}
			for _, a := range c.assigned[v] {
				receiver(a.value, depth+1)
			}
		}
	}
	receiver(x, 0)
	return names, texts, hidden
}

func isConditionMethod(name string) bool {
	return strings.HasPrefix(name, "If") || strings.HasPrefix(name, "When") || strings.Contains(strings.ToLower(name), "condition")
}

// builderConditionNames returns the names of a condition in a builder's
// own syntax: DynamoDB's, plus quoted names ('version' in guregu/dynamo).
func builderConditionNames(text string) []string {
	names := conditionNames(text, nil)
	for _, t := range tokenize(text) {
		if t.kind == 'q' || t.kind == 's' {
			names = append(names, t.text)
		}
	}
	return names
}
