// Package dynamo classifies DynamoDB calls for miglint's analyzers: which
// call takes which operation's input (a write, a read of pages, a batch),
// whatever the callee is (the SDK's client, an interface the application
// defines, a wrapper), and whether a package can reach the SDK at all.
package dynamo

import (
	"go/ast"
	"go/types"
	"slices"
)

// Import paths of the SDK's DynamoDB packages.
const (
	Path           = "github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ExpressionPath = "github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	SDKPrefix      = "github.com/aws/aws-sdk-go-v2/"
)

// Op is a DynamoDB operation, named as the SDK names its method
// ("PutItem"); its input type is Op+"Input".
type Op string

// The operations miglint's analyzers look at.
const (
	PutItem               Op = "PutItem"
	UpdateItem            Op = "UpdateItem"
	DeleteItem            Op = "DeleteItem"
	BatchWriteItem        Op = "BatchWriteItem"
	TransactWriteItems    Op = "TransactWriteItems"
	ExecuteStatement      Op = "ExecuteStatement"
	BatchExecuteStatement Op = "BatchExecuteStatement"
	ExecuteTransaction    Op = "ExecuteTransaction"
	Scan                  Op = "Scan"
	Query                 Op = "Query"
	BatchGetItem          Op = "BatchGetItem"
)

var (
	ops    = []Op{PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems, ExecuteStatement, BatchExecuteStatement, ExecuteTransaction, Scan, Query, BatchGetItem}
	writes = []Op{PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems, ExecuteStatement, BatchExecuteStatement, ExecuteTransaction}
)

// IsWrite reports whether op's input is one of the eight write inputs
// (DESIGN.md, versionguard): a call that takes one may change items.
func (op Op) IsWrite() bool { return slices.Contains(writes, op) }

// IsPaged reports whether op returns its results a page (1 MB) at a time.
func (op Op) IsPaged() bool { return op == Scan || op == Query }

// Input returns the operation whose input type t is (*dynamodb.PutItemInput
// or the struct itself), or "".
func Input(t types.Type) Op {
	n := NamedOf(t)
	if n == nil || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != Path {
		return ""
	}
	name := n.Obj().Name()
	for _, op := range ops {
		if name == string(op)+"Input" {
			return op
		}
	}
	return ""
}

// Output returns the operation whose output type t is, or "".
func Output(t types.Type) Op {
	n := NamedOf(t)
	if n == nil || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != Path {
		return ""
	}
	name := n.Obj().Name()
	for _, op := range ops {
		if name == string(op)+"Output" {
			return op
		}
	}
	return ""
}

// NamedOf returns the named type of t or of what t points to, or nil.
func NamedOf(t types.Type) *types.Named {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// An Arg is an argument of a call that is some operation's input.
type Arg struct {
	Op    Op
	Index int // in call.Args
	Expr  ast.Expr
}

// InputArgs returns the arguments of call that are operation inputs,
// judged by the parameter types of the callee's signature (so a wrapper
// or an interface method counts like the client). A variadic parameter
// counts for each argument it takes, unless the call spreads a slice.
func InputArgs(info *types.Info, call *ast.CallExpr) []Arg {
	sig, ok := types.Unalias(info.TypeOf(call.Fun)).(*types.Signature)
	if !ok || sig.Params().Len() == 0 {
		return nil
	}
	var args []Arg
	params := sig.Params()
	for i, arg := range call.Args {
		var pt types.Type
		switch last := params.Len() - 1; {
		case i < last || !sig.Variadic():
			if i > last {
				continue
			}
			pt = params.At(i).Type()
		case call.Ellipsis.IsValid():
			continue
		default:
			s, ok := params.At(last).Type().Underlying().(*types.Slice)
			if !ok {
				continue
			}
			pt = s.Elem()
		}
		if op := Input(pt); op != "" {
			args = append(args, Arg{Op: op, Index: i, Expr: arg})
		}
	}
	return args
}

// Reaches reports whether pkg imports, directly or not, the SDK's
// dynamodb package: only then can its code build an operation's input.
func Reaches(pkg *types.Package) bool {
	seen := map[*types.Package]bool{}
	var reaches func(*types.Package) bool
	reaches = func(p *types.Package) bool {
		if p.Path() == Path {
			return true
		}
		if seen[p] {
			return false
		}
		seen[p] = true
		return slices.ContainsFunc(p.Imports(), reaches)
	}
	return reaches(pkg)
}
