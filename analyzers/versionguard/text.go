package versionguard

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"
	"unicode"
)

// unseen stands in the text of a string for a part that is only known at
// run time.
const unseen = "\x00"

// maxDepth bounds how far values are followed through variables and
// helper functions.
const maxDepth = 8

// text returns the value of a string expression as far as it is known
// statically: literals, constants, concatenations, fmt.Sprintf and
// variables assigned once; the parts it cannot know are unseen.
func (c *checker) text(e ast.Expr, depth int) string {
	if depth > maxDepth || e == nil {
		return unseen
	}
	if tv, ok := c.pass.TypesInfo.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return constant.StringVal(tv.Value)
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return c.text(e.X, depth+1)
	case *ast.BinaryExpr:
		if e.Op.String() == "+" {
			return c.text(e.X, depth+1) + c.text(e.Y, depth+1)
		}
	case *ast.Ident:
		if v := c.onlyValue(e); v != nil {
			return c.text(v, depth+1)
		}
	case *ast.CallExpr:
		if fn := c.calleeFunc(e); fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "fmt" && fn.Name() == "Sprintf" && len(e.Args) > 0 {
			return c.sprintf(e.Args[0], e.Args[1:], depth)
		}
		if tv, ok := c.pass.TypesInfo.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return c.text(e.Args[0], depth+1) // string(x)
		}
	}
	return unseen
}

// sprintf formats what is known of fmt.Sprintf(format, args...): each
// verb takes the text of its argument.
func (c *checker) sprintf(format ast.Expr, args []ast.Expr, depth int) string {
	f := c.text(format, depth+1)
	var b strings.Builder
	arg := 0
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			b.WriteByte(f[i])
			continue
		}
		// Skip flags, width and precision up to the verb.
		j := i + 1
		for j < len(f) && strings.IndexByte("+-# 0123456789.[]*", f[j]) >= 0 {
			j++
		}
		if j >= len(f) {
			break
		}
		if f[j] == '%' {
			b.WriteByte('%')
		} else {
			if arg < len(args) {
				b.WriteString(c.text(args[arg], depth+1))
			} else {
				b.WriteString(unseen)
			}
			arg++
		}
		i = j
	}
	return b.String()
}

// A choice is one value that a string may have: the text of one of the
// assignments that reach it. Line is where that assignment is, when the
// string has more than one; 0 otherwise.
type choice struct {
	text string
	line int
}

// maxChoices bounds the values followed for one string.
const maxChoices = 16

// choices returns the values a string expression may have: like text, but
// a variable assigned several times (a condition chosen in an if/else or
// a switch) gives one choice per assignment.
func (c *checker) choices(e ast.Expr, depth int) []choice {
	if depth > maxDepth || e == nil {
		return []choice{{text: unseen}}
	}
	if tv, ok := c.pass.TypesInfo.Types[e]; ok && tv.Value != nil && tv.Value.Kind() == constant.String {
		return []choice{{text: constant.StringVal(tv.Value)}}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return c.choices(e.X, depth+1)
	case *ast.BinaryExpr:
		if e.Op.String() == "+" {
			var out []choice
			for _, x := range c.choices(e.X, depth+1) {
				for _, y := range c.choices(e.Y, depth+1) {
					if len(out) < maxChoices {
						out = append(out, choice{x.text + y.text, max(x.line, y.line)})
					}
				}
			}
			return out
		}
	case *ast.Ident:
		if as := c.assignments(e); len(as) > 1 {
			var out []choice
			for _, a := range as {
				for _, ch := range c.choices(a.value, depth+1) {
					if ch.line == 0 {
						ch.line = c.position(a.value.Pos()).Line
					}
					if len(out) < maxChoices {
						out = append(out, ch)
					}
				}
			}
			return out
		}
	}
	return []choice{{text: c.text(e, depth)}}
}

// ptrChoices is choices for a *string expression: aws.String(s), &s, or a
// variable.
func (c *checker) ptrChoices(e ast.Expr, depth int) []choice {
	if depth > maxDepth {
		return []choice{{text: unseen}}
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.UnaryExpr:
		if e.Op.String() == "&" {
			return c.choices(e.X, depth+1)
		}
	case *ast.Ident:
		if as := c.assignments(e); len(as) > 1 {
			var out []choice
			for _, a := range as {
				for _, ch := range c.ptrChoices(a.value, depth+1) {
					if ch.line == 0 {
						ch.line = c.position(a.value.Pos()).Line
					}
					out = append(out, ch)
				}
			}
			return out
		} else if len(as) == 1 {
			return c.ptrChoices(as[0].value, depth+1)
		}
	case *ast.CallExpr:
		if len(e.Args) == 1 && isString(c.pass.TypesInfo.TypeOf(e.Args[0])) && isStringPtr(c.pass.TypesInfo.TypeOf(e)) {
			return c.choices(e.Args[0], depth+1)
		}
	}
	return []choice{{text: unseen}}
}

// assignments returns the values of a local variable, when each of them
// is plainly the variable's (not a parameter, nor one result of a tuple).
func (c *checker) assignments(id *ast.Ident) []assignment {
	v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	if !ok || c.params[v] {
		return nil
	}
	as := c.assigned[v]
	for _, a := range as {
		if !a.plain {
			return nil
		}
	}
	return as
}

func isString(t types.Type) bool {
	b, ok := types.Unalias(t).(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func isStringPtr(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && isString(p.Elem())
}

// A lexeme of a condition expression or PartiQL statement.
type lexeme struct {
	text string
	kind byte // 'i' identifier, 'q' quoted name, '#' placeholder, ':' value, 's' string, '?' unseen, 'p' punctuation
}

// tokenize splits a condition expression or PartiQL statement into
// tokens. Quoted names ("version" in PartiQL) and strings ('x') are
// returned without their quotes.
func tokenize(s string) []lexeme {
	var toks []lexeme
	isWord := func(r byte) bool {
		return r == '_' || r < 0x80 && (unicode.IsLetter(rune(r)) || unicode.IsDigit(rune(r)))
	}
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == unseen[0]:
			toks = append(toks, lexeme{unseen, '?'})
			i++
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
			i++
		case ch == '#' || ch == ':':
			j := i + 1
			for j < len(s) && isWord(s[j]) {
				j++
			}
			toks = append(toks, lexeme{s[i:j], ch})
			i = j
		case ch == '"' || ch == '\'':
			j := i + 1
			for j < len(s) && s[j] != ch {
				j++
			}
			kind := byte('q')
			if ch == '\'' {
				kind = 's'
			}
			toks = append(toks, lexeme{s[i+1 : min(j, len(s))], kind})
			i = j + 1
		case isWord(ch):
			j := i
			for j < len(s) && isWord(s[j]) {
				j++
			}
			toks = append(toks, lexeme{s[i:j], 'i'})
			i = j
		default:
			toks = append(toks, lexeme{s[i : i+1], 'p'})
			i++
		}
	}
	return toks
}

// conditionKeywords are the words of the condition expression grammar
// that are not attribute names.
var conditionKeywords = map[string]bool{"and": true, "or": true, "not": true, "between": true, "in": true}

// conditionNames returns the attribute names a condition expression
// names: plain names, and placeholders resolved through placeholders (an
// unresolved #version counts as version). Function names
// (attribute_not_exists, size, ...) and values are not names.
func conditionNames(cond string, placeholders map[string]string) []string {
	var names []string
	toks := tokenize(cond)
	for i, t := range toks {
		switch t.kind {
		case 'i':
			if conditionKeywords[strings.ToLower(t.text)] || isNumber(t.text) {
				continue
			}
			if i+1 < len(toks) && toks[i+1].text == "(" {
				continue // a function
			}
			names = append(names, t.text)
		case '#':
			if n, ok := placeholders[t.text]; ok {
				names = append(names, strings.Split(n, ".")...)
			} else {
				names = append(names, strings.TrimPrefix(t.text, "#"))
			}
		}
	}
	return names
}

func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// partiQLKeywords are words of a PartiQL WHERE clause that are not
// attribute names.
var partiQLKeywords = map[string]bool{
	"and": true, "or": true, "not": true, "in": true, "between": true, "is": true,
	"missing": true, "null": true, "true": true, "false": true, "exists": true, "like": true,
}

// A statement is what miglint knows of a PartiQL statement.
type statement struct {
	verb  string   // "SELECT", "INSERT", "UPDATE", "DELETE", or "" when not known
	where []string // the names in its WHERE clause
}

// parseStatement finds a PartiQL statement's verb and the names in its
// WHERE clause (up to RETURNING).
func parseStatement(s string) statement {
	toks := tokenize(s)
	var st statement
	if len(toks) > 0 && toks[0].kind == 'i' {
		switch v := strings.ToUpper(toks[0].text); v {
		case "SELECT", "INSERT", "UPDATE", "DELETE", "EXISTS":
			st.verb = v
		}
	}
	inWhere := false
	for i, t := range toks {
		if t.kind == 'i' && strings.EqualFold(t.text, "where") {
			inWhere = true
			continue
		}
		if t.kind == 'i' && strings.EqualFold(t.text, "returning") {
			break
		}
		if !inWhere {
			continue
		}
		switch t.kind {
		case 'q':
			st.where = append(st.where, t.text)
		case 'i':
			if partiQLKeywords[strings.ToLower(t.text)] || isNumber(t.text) {
				continue
			}
			if i+1 < len(toks) && toks[i+1].text == "(" {
				continue // a function
			}
			st.where = append(st.where, t.text)
		}
	}
	return st
}

// shorten cuts text for a message and shows unseen parts as "…".
func shorten(s string) string {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, unseen, "…")), " ")
	if r := []rune(s); len(r) > 32 {
		s = string(r[:29]) + "..."
	}
	return s
}
