package versionguard

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// message says which write is unguarded, why that makes the migration
// unsafe to re-run, and the two ways to fix it.
func (c *checker) message(s *site, unguarded []write) string {
	// Direct writes first: they are what the line shows.
	slices.SortStableFunc(unguarded, func(a, b write) int { return len(a.Via) - len(b.Via) })
	w := unguarded[0]
	attrs := c.attrList()
	here := c.pass.Pkg.Path()
	var b strings.Builder
	if len(w.Via) == 0 {
		what := w.Op
		if w.Call != "" {
			what = w.Call + " (" + w.Op + ")"
		}
		subject := "it"
		if w.Member != "" {
			subject = w.Member
		}
		fmt.Fprintf(&b, "%s is not guarded by the item's version: %s", what, c.reason(w, subject))
	} else {
		what := w.Op
		if w.Call != "" {
			what = w.Call + " (" + w.Op + ")"
		}
		if w.Member != "" {
			what += " " + w.Member
		}
		fmt.Fprintf(&b, "call of %s is not guarded by the item's version: it performs %s at %s", w.Via[0].name(here), what, w.at(here))
		if len(w.Via) > 1 {
			var names []string
			for _, f := range w.Via[1:] {
				names = append(names, f.name(here))
			}
			fmt.Fprintf(&b, " (through %s)", strings.Join(names, ", "))
		}
		fmt.Fprintf(&b, ", where %s", c.reason(w, "it"))
	}
	if n := len(unguarded) - 1; n > 0 {
		fmt.Fprintf(&b, " (and %d more unguarded %s)", n, plural(n, "write", "writes"))
	}
	fmt.Fprintf(&b, "; a re-run after a partial failure would repeat the write on items already migrated or changed since. Fix: %s", c.fix(w, attrs))
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// attrList lists the version attributes for a message: "version", or
// "version" or "rev".
func (c *checker) attrList() string {
	var qs []string
	for _, a := range c.attrs {
		qs = append(qs, strconv.Quote(a))
	}
	return strings.Join(qs, " or ")
}

// reason says why rule 1 does not guard w, and that rule 2 did not either.
func (c *checker) reason(w write, subject string) string {
	attrs := c.attrList()
	var r string
	switch w.Kind {
	case kindNoCondition:
		r = fmt.Sprintf("%s has no ConditionExpression", subject)
	case kindCondition:
		r = fmt.Sprintf("%s has the condition %q, which does not name %s", subject, shorten(w.Detail), attrs)
	case kindBuiltCondition:
		r = fmt.Sprintf("%s has a condition built on expression.Name(%s), which does not name %s", subject, w.Detail, attrs)
	case kindConditionUnknown:
		r = fmt.Sprintf("%s has a ConditionExpression computed at run time%s, so no condition on %s is visible", subject, known(w.Detail), attrs)
	case kindInputUnknown:
		r = fmt.Sprintf("%s gets its input from code miglint cannot follow, so no condition on %s is visible", subject, attrs)
	case kindMembersUnknown:
		r = fmt.Sprintf("%s gets its members from code miglint cannot follow, so no condition on %s is visible", subject, attrs)
	case kindStatement:
		r = fmt.Sprintf("%s runs %q, whose WHERE clause does not name %s", subject, shorten(w.Detail), attrs)
	case kindStatementUnknown:
		r = fmt.Sprintf("%s runs a statement computed at run time%s, so no WHERE clause on %s is visible", subject, known(w.Detail), attrs)
	case kindInsert:
		r = fmt.Sprintf("%s runs an INSERT, which cannot be conditioned on %s", subject, attrs)
	case kindBatch:
		r = "a BatchWriteItem cannot carry a condition"
	case kindListed:
		r = fmt.Sprintf("%s is a write ([versionguard].writers lists it)", subject)
	}
	if w.Op == "TransactWriteItems" && w.Kind.conditionable() {
		r += " (every Put, Update and Delete of a transaction needs its own condition)"
	}
	return r + fmt.Sprintf(", and no comparison of %s comes before it", attrs)
}

// fix names the two ways to guard w: a condition on the version where the
// write can carry one, and a version check before it.
func (c *checker) fix(w write, attrs string) string {
	attr := "version"
	if len(c.attrs) > 0 {
		attr = c.attrs[0]
	}
	check := fmt.Sprintf("compare the item's version before the %s (if item.%s >= target { continue })", map[bool]string{true: "call", false: "write"}[len(w.Via) > 0], exported(attr))
	if len(w.Via) > 0 {
		helper := w.Via[0].name(c.pass.Pkg.Path())
		switch w.Kind {
		case kindBatch, kindInsert, kindListed:
			return fmt.Sprintf("%s, or make %s check the version itself", check, helper)
		}
		return fmt.Sprintf("%s, or make %s put a condition on %s on its %s", check, helper, attrs, w.Op)
	}
	switch w.Kind {
	case kindBatch:
		return fmt.Sprintf("%s, or write the items one by one (PutItem, UpdateItem, DeleteItem) with a condition on %s", check, attrs)
	case kindInsert:
		return fmt.Sprintf("%s, or use an UPDATE whose WHERE clause names %s", check, attrs)
	case kindListed:
		return fmt.Sprintf("%s, or call a writer that puts a condition on %s", check, attrs)
	case kindStatement, kindStatementUnknown:
		return fmt.Sprintf(`add "AND %s = ?" to the WHERE clause, or %s`, attr, check)
	}
	return fmt.Sprintf(`add a condition on %s (ConditionExpression "#v = :expected" with ExpressionAttributeNames {"#v": %q}), or %s`, attrs, attr, check)
}

// exported capitalizes an attribute name the way a Go field would be.
func exported(attr string) string {
	if attr == "" {
		return attr
	}
	return strings.ToUpper(attr[:1]) + attr[1:]
}

// known shows the known parts of a text computed at run time, if any.
func known(text string) string {
	if s := shorten(text); strings.Trim(s, "… ") != "" {
		return fmt.Sprintf(" (%q)", s)
	}
	return ""
}
