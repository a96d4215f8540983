package dynamo

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// Paginator returns the operation that a call of the SDK's
// dynamodb.NewScanPaginator or NewQueryPaginator pages through, or "".
func Paginator(info *types.Info, call *ast.CallExpr) Op {
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != Path {
		return ""
	}
	switch fn.Name() {
	case "NewScanPaginator":
		return Scan
	case "NewQueryPaginator":
		return Query
	}
	return ""
}

// Unprocessed names the field of a batch operation's output that holds
// what DynamoDB did not do: the items or keys it left unprocessed, or the
// per-statement responses that carry each statement's error. "" for any
// other operation.
func (op Op) Unprocessed() string {
	switch op {
	case BatchWriteItem:
		return "UnprocessedItems"
	case BatchGetItem:
		return "UnprocessedKeys"
	case BatchExecuteStatement:
		return "Responses"
	}
	return ""
}

// IsBatchStatementResponse reports whether t is (a pointer to)
// types.BatchStatementResponse, whose Error field is one statement's
// failure.
func IsBatchStatementResponse(t types.Type) bool {
	n := NamedOf(t)
	return n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == Path+"/types" && n.Obj().Name() == "BatchStatementResponse"
}
