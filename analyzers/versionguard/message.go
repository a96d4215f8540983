package versionguard

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// message says, in one line, which write is unguarded and what to do;
// why it matters is in the analyzer's documentation.
func (c *checker) message(s *site, unguarded []write) string {
	// Direct writes first: they are what the line shows.
	slices.SortStableFunc(unguarded, func(a, b write) int { return len(a.Via) - len(b.Via) })
	w := unguarded[0]
	here := c.pass.Pkg.Path()
	var b strings.Builder
	switch {
	case len(w.Via) == 0:
		fmt.Fprintf(&b, "%s is unguarded: %s", w.what(), c.reason(w, w.subject()))
	case w.Via[0].Interface && len(w.Via) > 1:
		fmt.Fprintf(&b, "call of %s: %s's %s at %s", w.Via[0].name(here), w.Via[1].name(here), w.what(),
			c.reason(w, w.at(here)))
	default:
		fmt.Fprintf(&b, "call of %s: %s at %s", w.Via[0].name(here), w.what(), c.reason(w, w.at(here)))
	}
	if n := len(unguarded) - 1; n > 0 {
		fmt.Fprintf(&b, " (+%d more)", n)
	}
	b.WriteString("; ")
	b.WriteString(c.fix(w, s.inLoop))
	return b.String()
}

// what names the operation: "PutItem", "save (PutItem)", or a
// guregu/dynamo builder, "Put".
func (w *write) what() string {
	if w.Member == memberWriteTx {
		return "WriteTx." + w.Op
	}
	if w.Call != "" {
		return w.Call + " (" + w.Op + ")"
	}
	return w.Op
}

// subject names the write in the message of a direct write: the member of
// a transaction or batch when there is one.
func (w *write) subject() string {
	switch {
	case w.Member == "":
		return "it"
	case w.Member == memberWriteTx:
		return "the " + w.Op + " it adds"
	}
	return w.Member
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

// reason says why rule 1 does not guard w; subject names the write.
func (c *checker) reason(w write, subject string) string {
	attrs := c.attrList()
	cond := "condition"
	if w.builder() {
		cond = "If"
	}
	switch w.Kind {
	case kindNoCondition:
		return fmt.Sprintf("%s has no %s on %s", subject, cond, attrs)
	case kindCondition:
		if len(w.Via) > 0 {
			return fmt.Sprintf("%s has a %s, not on %s", subject, cond, attrs)
		}
		return fmt.Sprintf("%s has %s %q%s, not on %s", subject, cond, shorten(w.Detail), w.path(), attrs)
	case kindBuiltCondition:
		return fmt.Sprintf("%s has a condition on expression.Name(%s), not on %s", subject, w.Detail, attrs)
	case kindConditionUnknown:
		return fmt.Sprintf("%s has a condition computed at run time%s%s", subject, known(w.Detail), w.path())
	case kindInputUnknown:
		if w.builder() {
			return fmt.Sprintf("%s is built where miglint cannot follow it", subject)
		}
		return fmt.Sprintf("%s takes an input miglint cannot follow", subject)
	case kindMembersUnknown:
		return fmt.Sprintf("%s has members miglint cannot follow", subject)
	case kindStatement:
		stmt := quote(shorten(w.Detail)) + w.path()
		if len(w.Via) > 0 {
			stmt = subject // the statement is at the position the message gives
		} else if subject != "it" {
			stmt = subject + " " + stmt
		}
		return fmt.Sprintf("%s lacks %s in WHERE", stmt, attrs)
	case kindStatementUnknown:
		return fmt.Sprintf("%s runs a statement computed at run time%s", subject, known(w.Detail))
	case kindBatch:
		return fmt.Sprintf("%s cannot carry a condition", subject)
	case kindListed:
		return fmt.Sprintf("%s is listed in [versionguard].writers", subject)
	}
	return subject + " is unguarded"
}

// path names the assignment a condition came from, when the variable that
// holds it has several.
func (w *write) path() string {
	if w.ValueLine == 0 {
		return ""
	}
	return fmt.Sprintf(" (set at line %d)", w.ValueLine)
}

// fix says what to do: put a condition on the version where the write
// can carry one (and is in this package), else check the version before
// it, leaving the loop iteration or the function.
func (c *checker) fix(w write, inLoop bool) string {
	attr := "version"
	if len(c.attrs) > 0 {
		attr = c.attrs[0]
	}
	leave := "return"
	if inLoop {
		leave = "continue"
	}
	check := fmt.Sprintf("if item.%s >= target { %s }", exported(attr), leave)
	if len(w.Via) > 0 || !w.Kind.conditionable() {
		return "check first: " + check
	}
	switch {
	case w.Kind == kindStatement || w.Kind == kindStatementUnknown:
		return fmt.Sprintf(`add "AND %s = ?" or check first: %s`, attr, check)
	case w.builder():
		return fmt.Sprintf(`add .If("'%s' = ?", v) or check first: %s`, attr, check)
	}
	return fmt.Sprintf("add a %q condition or check first: %s", attr, check)
}

// exported capitalizes an attribute name the way a Go field would be.
func exported(attr string) string {
	if attr == "" {
		return attr
	}
	return strings.ToUpper(attr[:1]) + attr[1:]
}

// quote quotes a statement for a message: in backquotes when it holds
// double quotes (PartiQL quotes its names so), which %q would escape.
func quote(s string) string {
	if strings.Contains(s, `"`) && !strings.Contains(s, "`") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// known shows the known parts of a text computed at run time, if any.
func known(text string) string {
	if s := shorten(text); strings.Trim(s, "… ") != "" {
		return fmt.Sprintf(" (%q)", s)
	}
	return ""
}
