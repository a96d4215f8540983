package versionguard

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/miglint/miglint/analyzers/internal/dynamo"
)

// sdkWrites returns the writes of a call that takes a write's input,
// whatever the function: the client, an interface, a wrapper.
func (c *checker) sdkWrites(call *ast.CallExpr, pos token.Pos) []write {
	var writes []write
	for _, arg := range dynamo.InputArgs(c.pass.TypesInfo, call) {
		if !arg.Op.IsWrite() {
			continue
		}
		op := string(arg.Op)
		ws := c.evaluate(op, arg.Expr, pos)
		if id := calleeIdent(call.Fun); id != nil && id.Name != op {
			for i := range ws {
				ws[i].Call = id.Name
			}
		}
		writes = append(writes, ws...)
	}
	return writes
}

// A literal is what miglint sees of one struct value: the keyed fields of
// its composite literal, and the fields assigned to its variable later.
type literal struct {
	fields map[string][]ast.Expr
}

// How an input was found.
type origin int

const (
	seen      origin = iota // the literals are all the values it can have
	parameter               // it is a parameter of the function: its callers pass it
	unknown                 // miglint cannot follow it
)

// literals finds the composite literals an expression of struct (or
// pointer to struct) type can hold: the literal itself, a variable's
// values, a helper of this package's return values.
func (c *checker) literals(e ast.Expr, depth int) ([]literal, origin) {
	if depth > maxDepth {
		return nil, unknown
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return c.literals(e.X, depth+1)
		}
	case *ast.StarExpr:
		return c.literals(e.X, depth+1)
	case *ast.CompositeLit:
		l := literal{fields: map[string][]ast.Expr{}}
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if key, ok := kv.Key.(*ast.Ident); ok {
					l.fields[key.Name] = append(l.fields[key.Name], kv.Value)
				}
			}
		}
		return []literal{l}, seen
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok {
			return nil, unknown
		}
		if c.params[v] {
			return nil, parameter
		}
		var out []literal
		for _, a := range c.assigned[v] {
			if !a.plain {
				return nil, unknown
			}
			ls, o := c.literals(a.value, depth+1)
			if o != seen {
				return nil, o
			}
			out = append(out, ls...)
		}
		if len(c.assigned[v]) == 0 {
			if v.Parent() == nil || v.Parent() == types.Universe {
				return nil, unknown
			}
			out = []literal{{fields: map[string][]ast.Expr{}}} // var in T; fields set later
		}
		// Fields set after the literal belong to every value it had.
		for i := range out {
			fields := map[string][]ast.Expr{}
			for k, vs := range out[i].fields {
				fields[k] = vs
			}
			for k, vs := range c.fieldSets[v] {
				fields[k] = append(fields[k][:len(fields[k]):len(fields[k])], vs...)
			}
			out[i].fields = fields
		}
		return out, seen
	case *ast.CallExpr:
		fn := c.calleeFunc(e)
		if fn == nil || fn.Pkg() != c.pass.Pkg || fn.Signature().Results().Len() != 1 {
			return nil, unknown
		}
		decl, ok := c.decls[fn]
		if !ok {
			return nil, unknown
		}
		var out []literal
		o := seen
		ast.Inspect(decl.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if len(n.Results) != 1 {
					o = unknown
					return false
				}
				ls, ro := c.literals(n.Results[0], depth+1)
				if ro != seen {
					o = unknown // the helper's parameter is not this caller's
				}
				out = append(out, ls...)
			}
			return true
		})
		if o != seen {
			return nil, unknown
		}
		return out, seen
	}
	return nil, unknown
}

// evaluate returns the writes of one input passed to a call, with the
// names that its condition or statement gives them (rule 1).
func (c *checker) evaluate(op string, arg ast.Expr, pos token.Pos) []write {
	lits, o := c.literals(arg, 0)
	switch {
	case o == parameter:
		return nil // the callers' calls pass it, and are writes themselves
	case op == "BatchWriteItem":
		return []write{c.newWrite(op, kindBatch, pos)}
	case o == unknown:
		return []write{c.newWrite(op, kindInputUnknown, pos)}
	}
	var writes []write
	for _, l := range lits {
		switch op {
		case "PutItem", "UpdateItem", "DeleteItem":
			writes = append(writes, c.conditioned(op, "", l, pos)...)
		case "TransactWriteItems":
			writes = append(writes, c.transactMembers(op, l, pos)...)
		case "ExecuteStatement":
			writes = append(writes, c.statements(op, "", l.fields["Statement"], pos)...)
		case "BatchExecuteStatement":
			writes = append(writes, c.statementMembers(op, "Statements", l, pos)...)
		case "ExecuteTransaction":
			writes = append(writes, c.statementMembers(op, "TransactStatements", l, pos)...)
		}
	}
	return writes
}

// conditioned evaluates the condition of a Put, Update or Delete: an
// input, or a member of a transaction. A condition that may have several
// values (a variable assigned on several paths) gives one write for each:
// each must name the version.
func (c *checker) conditioned(op, member string, l literal, pos token.Pos) []write {
	w := c.newWrite(op, kindNoCondition, pos)
	w.Member = member
	conds := c.nonNil(l.fields["ConditionExpression"])
	expected := c.nonNil(l.fields["Expected"])
	if len(conds) == 0 && len(expected) == 0 {
		return []write{w}
	}
	for _, e := range expected {
		keys := c.mapKeys(e)
		w.Kind = kindCondition
		w.Names = append(w.Names, keys...)
		if w.Detail == "" {
			w.Detail = "Expected: " + strings.Join(keys, ", ")
		}
	}
	var out []write
	placeholders := c.placeholders(l.fields["ExpressionAttributeNames"])
	for _, e := range conds {
		v := w
		v.Names = slices.Clip(w.Names)
		if names, isBuilt, hasCond := c.builtCondition(e); isBuilt {
			if hasCond {
				v.Kind, v.Detail = kindBuiltCondition, strings.Join(names, ", ")
				v.Names = append(v.Names, names...)
			}
			out = append(out, v)
			continue
		}
		chs := c.ptrChoices(e, 0)
		for _, ch := range chs {
			v := v
			v.Names = slices.Clip(v.Names)
			v.Kind, v.Detail, v.ValueLine = kindCondition, ch.text, ch.line
			if strings.Contains(ch.text, unseen) {
				v.Kind = kindConditionUnknown
			}
			v.Names = append(v.Names, conditionNames(ch.text, placeholders)...)
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		out = []write{w}
	}
	return out
}

func (c *checker) nonNil(es []ast.Expr) []ast.Expr {
	var out []ast.Expr
	for _, e := range es {
		if !c.isNil(e) {
			out = append(out, e)
		}
	}
	return out
}

// transactMembers evaluates each Put, Update and Delete of a transaction:
// each needs its own condition.
func (c *checker) transactMembers(op string, l literal, pos token.Pos) []write {
	var writes []write
	for _, items := range l.fields["TransactItems"] {
		elems, ok := c.elements(items, 0)
		if !ok {
			w := c.newWrite(op, kindMembersUnknown, pos)
			w.Member = "TransactItems"
			writes = append(writes, w)
			continue
		}
		for _, el := range elems {
			label := "TransactItems" + el.label
			items, o := c.literals(el.expr, 0)
			if o != seen {
				w := c.newWrite(op, kindMembersUnknown, pos)
				w.Member = label
				writes = append(writes, w)
				continue
			}
			for _, item := range items {
				for _, kind := range []string{"Put", "Update", "Delete"} {
					for _, m := range c.nonNil(item.fields[kind]) {
						members, o := c.literals(m, 0)
						if o != seen {
							w := c.newWrite(op, kindInputUnknown, pos)
							w.Member = label + "." + kind
							writes = append(writes, w)
							continue
						}
						for _, ml := range members {
							writes = append(writes, c.conditioned(op, label+"."+kind, ml, pos)...)
						}
					}
				}
			}
		}
	}
	return writes
}

// statementMembers evaluates each statement of a BatchExecuteStatement or
// an ExecuteTransaction.
func (c *checker) statementMembers(op, field string, l literal, pos token.Pos) []write {
	var writes []write
	for _, list := range l.fields[field] {
		elems, ok := c.elements(list, 0)
		if !ok {
			w := c.newWrite(op, kindMembersUnknown, pos)
			w.Member = field
			writes = append(writes, w)
			continue
		}
		for _, el := range elems {
			stmts, o := c.literals(el.expr, 0)
			if o != seen {
				w := c.newWrite(op, kindMembersUnknown, pos)
				w.Member = field + el.label
				writes = append(writes, w)
				continue
			}
			for _, s := range stmts {
				writes = append(writes, c.statements(op, field+el.label, s.fields["Statement"], pos)...)
			}
		}
	}
	return writes
}

// statements evaluates PartiQL statements one by one: a SELECT is a read;
// an INSERT fails on an existing key (DuplicateItemException), so a
// re-run cannot overwrite with it; an UPDATE or DELETE is guarded by the
// names of its WHERE clause.
func (c *checker) statements(op, member string, exprs []ast.Expr, pos token.Pos) []write {
	var writes []write
	for _, e := range exprs {
		for _, ch := range c.ptrChoices(e, 0) {
			st := parseStatement(ch.text)
			w := c.newWrite(op, kindStatementUnknown, pos)
			w.Member, w.Detail, w.ValueLine = member, ch.text, ch.line
			switch st.verb {
			case "SELECT", "EXISTS", "INSERT":
				continue
			case "UPDATE", "DELETE":
				w.Kind, w.Names = kindStatement, st.where
			}
			writes = append(writes, w)
		}
	}
	return writes
}

// An element of a slice, with a label that locates it for a message.
type element struct {
	expr  ast.Expr
	label string
}

// elements finds the elements of a slice: those of its composite literal,
// and those appended to or stored in its variable.
func (c *checker) elements(e ast.Expr, depth int) ([]element, bool) {
	return c.elementsOf(e, depth, map[*types.Var]bool{})
}

func (c *checker) elementsOf(e ast.Expr, depth int, seenVars map[*types.Var]bool) ([]element, bool) {
	if depth > maxDepth {
		return nil, false
	}
	info := c.pass.TypesInfo
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		var out []element
		for i, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				elt = kv.Value
			}
			out = append(out, element{elt, fmt.Sprintf("[%d]", i)})
		}
		return out, true
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		if !ok || c.params[v] {
			return nil, false
		}
		if seenVars[v] {
			return nil, true // items = append(items, x): its other values are counted once
		}
		seenVars[v] = true
		var out []element
		for _, a := range c.assigned[v] {
			if !a.plain {
				return nil, false
			}
			els, ok := c.elementsOf(a.value, depth+1, seenVars)
			if !ok {
				return nil, false
			}
			out = append(out, els...)
		}
		for _, kv := range c.indexSets[v] {
			out = append(out, element{kv.value, c.appendedLabel(kv.value)})
		}
		return out, true
	case *ast.CallExpr:
		b, ok := typeutilBuiltin(info, e)
		if !ok {
			return nil, false
		}
		switch b {
		case "make":
			return nil, true
		case "append":
			if len(e.Args) == 0 {
				return nil, false
			}
			out, ok := c.elementsOf(e.Args[0], depth+1, seenVars)
			if !ok {
				return nil, false
			}
			rest := e.Args[1:]
			if e.Ellipsis.IsValid() && len(rest) > 0 {
				more, ok := c.elementsOf(rest[len(rest)-1], depth+1, seenVars)
				if !ok {
					return nil, false
				}
				for _, m := range more {
					out = append(out, element{m.expr, c.appendedLabel(m.expr)})
				}
				rest = rest[:len(rest)-1]
			}
			for _, a := range rest {
				out = append(out, element{a, c.appendedLabel(a)})
			}
			return out, true
		}
	}
	return nil, false
}

func (c *checker) appendedLabel(e ast.Expr) string {
	return fmt.Sprintf("[line %d]", c.position(e.Pos()).Line)
}

func typeutilBuiltin(info *types.Info, call *ast.CallExpr) (string, bool) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return "", false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	if !ok {
		return "", false
	}
	return b.Name(), true
}

// placeholders resolves ExpressionAttributeNames: map literals, their
// variables and the entries stored in them.
func (c *checker) placeholders(exprs []ast.Expr) map[string]string {
	m := map[string]string{}
	for _, e := range exprs {
		c.mapEntries(e, 0, func(k, v string) { m[k] = v })
	}
	return m
}

// mapKeys returns the known keys of a map expression (the legacy Expected
// map names its attributes by its keys).
func (c *checker) mapKeys(e ast.Expr) []string {
	var keys []string
	c.mapEntries(e, 0, func(k, _ string) { keys = append(keys, k) })
	return keys
}

func (c *checker) mapEntries(e ast.Expr, depth int, add func(k, v string)) {
	if depth > maxDepth {
		return
	}
	known := func(s string) bool { return !strings.Contains(s, unseen) }
	switch e := ast.Unparen(e).(type) {
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if k := c.text(kv.Key, 0); known(k) {
					add(k, c.text(kv.Value, 0))
				}
			}
		}
	case *ast.Ident:
		v, ok := c.pass.TypesInfo.ObjectOf(e).(*types.Var)
		if !ok {
			return
		}
		for _, a := range c.assigned[v] {
			c.mapEntries(a.value, depth+1, add)
		}
		for _, kv := range c.indexSets[v] {
			if k := c.text(kv.key, 0); known(k) {
				add(k, c.text(kv.value, 0))
			}
		}
	}
}

// builtCondition recognizes expr.Condition() of feature/dynamodb/expression
// and returns the names given to expression.Name in the conditions that
// built expr.
func (c *checker) builtCondition(e ast.Expr) (names []string, isBuilt, hasCond bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil, false, false
	}
	fn := c.calleeFunc(call)
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if fn == nil || !ok || fn.Pkg() == nil || fn.Pkg().Path() != dynamo.ExpressionPath || fn.Name() != "Condition" {
		return nil, false, false
	}
	c.follow(sel.X, func(n ast.Node) {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return
		}
		if fn := c.calleeFunc(call); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == dynamo.ExpressionPath && fn.Name() == "WithCondition" {
			hasCond = true
			for _, arg := range call.Args {
				names = append(names, c.expressionNames(arg)...)
			}
		}
	})
	return names, true, hasCond
}

// expressionNames returns the attribute names given to expression.Name
// (and NameNoDotSplit) in the building of a condition.
func (c *checker) expressionNames(e ast.Expr) []string {
	var names []string
	c.follow(e, func(n ast.Node) {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return
		}
		fn := c.calleeFunc(call)
		if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != dynamo.ExpressionPath || fn.Signature().Recv() != nil {
			return
		}
		text := c.text(call.Args[0], 0)
		if strings.Contains(text, unseen) {
			return
		}
		switch fn.Name() {
		case "Name":
			names = append(names, strings.Split(text, ".")...)
		case "NameNoDotSplit":
			names = append(names, text)
		}
	})
	return names
}

// follow visits the nodes of e and of the values assigned to the
// variables it uses, transitively: a builder is built up step by step.
func (c *checker) follow(e ast.Expr, visit func(ast.Node)) {
	seen := map[*types.Var]bool{}
	var walk func(e ast.Node, depth int)
	walk = func(e ast.Node, depth int) {
		if depth > maxDepth {
			return
		}
		ast.Inspect(e, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false
			}
			if n != nil {
				visit(n)
			}
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok && !v.IsField() && !seen[v] {
					seen[v] = true
					for _, a := range c.assigned[v] {
						walk(a.value, depth+1)
					}
				}
			}
			return true
		})
	}
	walk(e, 0)
}
