package versionguard

import (
	"fmt"
	"go/token"
	"path"
	"slices"
	"strconv"
	"strings"
)

// A writeKind says how a write stands with respect to rule 1 (a condition on
// the version): what it carries, or why it cannot carry one. It decides the
// wording of the message; whether the write is guarded is decided by its
// Names.
type writeKind string

const (
	// Put, Update and Delete, alone or as a member of a transaction.
	kindNoCondition      writeKind = "no-condition"      // no ConditionExpression or Expected
	kindCondition        writeKind = "condition"         // a ConditionExpression string; Detail is its text
	kindBuiltCondition   writeKind = "built-condition"   // a condition built with feature/dynamodb/expression
	kindConditionUnknown writeKind = "condition-unknown" // a ConditionExpression computed at run time
	kindInputUnknown     writeKind = "input-unknown"     // the input is built where miglint cannot see it
	kindMembersUnknown   writeKind = "members-unknown"   // the members of a transaction or statement batch

	// PartiQL.
	kindStatement        writeKind = "statement"         // an UPDATE or DELETE; Detail is its text
	kindStatementUnknown writeKind = "statement-unknown" // the statement is computed at run time

	// Writes that cannot carry a condition at all.
	kindBatch  writeKind = "batch"  // BatchWriteItem
	kindListed writeKind = "listed" // a function in [versionguard].writers
)

// conditionable reports whether rule 1 could guard a write of this kind.
func (k writeKind) conditionable() bool {
	return k != kindBatch && k != kindListed
}

// memberWriteTx is the Member of a write that a guregu/dynamo WriteTx
// gets from its Put, Update or Delete method.
const memberWriteTx = "WriteTx"

// builder reports whether w is a guregu/dynamo builder's write, whose
// condition is given by If.
func (w *write) builder() bool {
	switch w.Op {
	case "Put", "Update", "Delete":
		return true
	}
	return false
}

// A write is one DynamoDB write that a function performs, with the names
// that may guard it. The facts record names, not verdicts, so that they do
// not depend on the configuration of the package that computed them: the
// package that reports decides, with its own [versionguard].attributes,
// whether one of the names is a version.
type write struct {
	Op     string // the operation: "PutItem", ..., or the listed writer
	Call   string // the function called when it is not named Op (a wrapper), else ""
	Member string // the member of a transaction or batch, e.g. "TransactItems[1].Update"
	Kind   writeKind
	Detail string // the condition or statement text, when there is one
	// ValueLine is the line of the assignment that gave the condition
	// Detail, when the variable holding it has several.
	ValueLine int

	// Where the SDK call (or the call of the listed writer) is.
	PkgPath string
	File    string // base name
	Line    int

	// Via lists the functions between the function this write belongs to
	// and the SDK call, outermost first.
	Via []funcRef

	// Names are the attribute names, Go field names, map keys and getters
	// that guard the write: named by its condition (rule 1) or compared in
	// an if around it or before it (rule 2). The write is guarded when one
	// of them is a version attribute.
	Names []string

	// origin is the call in the package being analysed where the write
	// entered it: the SDK call, or the call of another package's helper.
	// Facts do not carry it.
	origin token.Pos
}

// guardedBy reports whether one of the write's names is a version
// attribute.
func (w *write) guardedBy(attrs []string) bool {
	for _, n := range w.Names {
		if isVersion(n, attrs) {
			return true
		}
	}
	return false
}

// isVersion matches a name against the version attributes, ignoring case.
func isVersion(name string, attrs []string) bool {
	for _, a := range attrs {
		if strings.EqualFold(strings.TrimSpace(a), name) {
			return true
		}
	}
	return false
}

// at is where the SDK call is, as seen from the package pkgPath: file:line
// in the same package, dir/file:line elsewhere (dir the last element of
// the import path, as a stack trace shortens it), so that the message
// stays one short line. Neither depends on the machine the analysis runs
// on.
func (w *write) at(pkgPath string) string {
	if w.PkgPath == pkgPath {
		return fmt.Sprintf("%s:%d", w.File, w.Line)
	}
	return fmt.Sprintf("%s/%s:%d", path.Base(w.PkgPath), w.File, w.Line)
}

// where is the SDK call's import path, file and line: unique, for keys
// and facts.
func (w *write) where() string {
	return fmt.Sprintf("%s/%s:%d", w.PkgPath, w.File, w.Line)
}

func (w *write) key() string {
	var via []string
	for _, f := range w.Via {
		via = append(via, f.name(""))
	}
	return strings.Join([]string{w.Op, w.Call, w.Member, string(w.Kind), w.Detail, strconv.Itoa(w.ValueLine), w.where(),
		strings.Join(via, ">"), strings.Join(w.Names, ",")}, "\x00")
}

// A funcRef names a function in a message.
type funcRef struct {
	PkgPath string
	PkgName string
	Name    string // "Touch", "(*Store).Touch"
	// Interface is set on a method of an interface: the function after it
	// in a Via is the implementation that writes.
	Interface bool
}

// name is how the code of package pkgPath would name the function, in the
// style of a stack trace: "dbmodel.(*Store).Touch", or "(*Store).Touch"
// inside its own package.
func (f funcRef) name(pkgPath string) string {
	if f.PkgPath == pkgPath {
		return f.Name
	}
	return f.PkgName + "." + f.Name
}

// writesFact is the object fact about a function that performs DynamoDB
// writes itself or through the functions it calls (in this package or
// any package it imports), each with the names that guard it. Writes that
// pass through an input parameter are not in it: the callers pass that
// input, so their calls are writes themselves.
type writesFact struct {
	Writes []write
}

func (*writesFact) AFact() {}

func (f *writesFact) String() string {
	var parts []string
	for _, w := range f.Writes {
		s := w.Op
		if w.Member != "" {
			s += " " + w.Member
		}
		s += " at " + w.where()
		for i, f := range w.Via {
			if i == 0 {
				s += " via "
			} else {
				s += ", "
			}
			s += f.name("")
		}
		if len(w.Names) > 0 {
			s += " [" + strings.Join(w.Names, " ") + "]"
		}
		parts = append(parts, s)
	}
	return "writes " + strings.Join(parts, "; ")
}

// maxWrites bounds the writes recorded for one function, so that facts
// stay small in code where helpers call helpers that call helpers. The
// writes with the fewest guarding names are kept: they are the ones most
// likely to be unguarded.
const maxWrites = 32

// normalize sorts writes, drops duplicates and applies maxWrites.
func normalize(ws []write) []write {
	for i := range ws {
		// A copy: the names may share their array with a site's write.
		ws[i].Names = slices.Compact(slices.Sorted(slices.Values(ws[i].Names)))
	}
	slices.SortStableFunc(ws, func(a, b write) int {
		if d := len(a.Names) - len(b.Names); d != 0 {
			return d
		}
		return strings.Compare(a.key(), b.key())
	})
	ws = slices.CompactFunc(ws, func(a, b write) bool { return a.key() == b.key() })
	if len(ws) > maxWrites {
		ws = ws[:maxWrites]
	}
	return ws
}
