package versionguard

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/miglint/miglint/analyzers/internal/dynamo"
)

// gureguPaths are the import paths of github.com/guregu/dynamo, the
// builder library most Go code uses DynamoDB through. Its writes are
// understood from its API, not from its code: what a migration gives a
// builder (If) is what guards the write.
var gureguPaths = []string{"github.com/guregu/dynamo/v2", "github.com/guregu/dynamo"}

func isGuregu(pkg *types.Package) bool {
	if pkg == nil {
		return false
	}
	for _, p := range gureguPaths {
		if pkg.Path() == p {
			return true
		}
	}
	return false
}

// builderWrites returns the writes of a call of a guregu/dynamo method,
// and whether fn is one (a method of the library that does not write
// gives none):
//   - a Put, Update or Delete run by a method that takes a context (Run,
//     OldValue, Value, ...; RunWithContext in v1), guarded by the If
//     calls on its receiver;
//   - a Put, Update or Delete added to a WriteTx, at the call that adds
//     it, guarded by its own If calls (WriteTx.Run is then no write: its
//     members are);
//   - a BatchWrite's Run, which cannot carry a condition.
func (c *checker) builderWrites(call *ast.CallExpr, fn *types.Func, pos token.Pos) ([]write, bool) {
	if fn == nil || !isGuregu(fn.Pkg()) {
		return nil, false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return nil, true
	}
	named := dynamo.NamedOf(recv.Type())
	if named == nil {
		return nil, true
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, true
	}
	switch typ := named.Obj().Name(); {
	case isBuilderType(typ):
		if !runs(fn) {
			return nil, true
		}
		w := c.builderWrite(typ, sel.X, pos)
		w.Call = fn.Name()
		return []write{w}, true
	case typ == "WriteTx":
		switch fn.Name() {
		case "Put", "Update", "Delete":
			if len(call.Args) != 1 {
				return nil, true
			}
			w := c.builderWrite(fn.Name(), call.Args[0], pos)
			w.Member = memberWriteTx
			return []write{w}, true
		}
	case typ == "BatchWrite":
		if runs(fn) {
			return []write{c.newWrite("BatchWriteItem", kindBatch, pos)}, true
		}
	}
	return nil, true
}

// isBuilderType reports whether a type of the library is a write's builder.
func isBuilderType(name string) bool {
	return name == "Put" || name == "Update" || name == "Delete"
}

// runs reports whether a method of a builder sends its request: v2's
// take a context first; v1's are Run and the ...WithContext variants.
func runs(fn *types.Func) bool {
	params := fn.Signature().Params()
	if params.Len() > 0 {
		if n := dynamo.NamedOf(params.At(0).Type()); n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context" {
			return true
		}
	}
	return fn.Name() == "Run" || strings.HasSuffix(fn.Name(), "WithContext")
}

// builderWrite is the write of the builder x (an expression of type *Put,
// *Update or *Delete), with the names of its If calls.
func (c *checker) builderWrite(op string, x ast.Expr, pos token.Pos) write {
	w := c.newWrite(op, kindNoCondition, pos)
	names, texts, hidden := c.chainConditions(x, func(name string) bool { return name == "If" }, isGuregu)
	if hidden {
		w.Kind = kindInputUnknown
	} else if len(texts) > 0 {
		w.Kind, w.Detail = kindCondition, strings.Join(texts, " AND ")
		if strings.Contains(w.Detail, unseen) {
			w.Kind = kindConditionUnknown
		}
	}
	w.Names = names
	return w
}
