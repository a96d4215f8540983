package dynamo

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// IsSelect reports whether in, the input argument of an ExecuteStatement,
// is a literal whose Statement is a PartiQL SELECT (or EXISTS) known at
// compile time: a constant, or the constant format of fmt.Sprintf,
// directly or through aws.String. Such a call reads; it writes nothing.
func IsSelect(info *types.Info, in ast.Expr) bool {
	in = ast.Unparen(in)
	if u, ok := in.(*ast.UnaryExpr); ok && u.Op == token.AND {
		in = ast.Unparen(u.X)
	}
	lit, ok := in.(*ast.CompositeLit)
	if !ok || Input(info.TypeOf(lit)) != ExecuteStatement {
		return false
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Statement" {
			text, ok := constantText(info, kv.Value)
			if !ok {
				return false
			}
			verb, _, _ := strings.Cut(strings.TrimSpace(text), " ")
			verb = strings.ToUpper(verb)
			return verb == "SELECT" || verb == "EXISTS"
		}
	}
	return false
}

// constantText returns the text of e when it is a constant string, or a
// call of one argument-wrapping function (aws.String, fmt.Sprintf) whose
// first argument is.
func constantText(info *types.Info, e ast.Expr) (string, bool) {
	for range 3 {
		if tv, ok := info.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
			return constant.StringVal(tv.Value), true
		}
		call, ok := ast.Unparen(e).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return "", false
		}
		e = call.Args[0]
	}
	return "", false
}
