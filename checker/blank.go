package checker

import (
	"bytes"
	"strconv"
)

// Parsing is most of what loading the trimmed dependencies costs: the
// standard library and the SDK are 16 MB of source on 1,000 migrations,
// against 0.8 MB of migrations, and most of those bytes are function
// bodies that parseWithoutBodies then throws away, or the elements of
// tables that go/types checks one by one. blankBodies drops both before
// the parser sees them, with a lexer that only knows strings, comments
// and brackets: 10 of the 16 MB go, and a cold run takes a sixth less
// time and a quarter less memory (BENCHMARKS.md).
// TestBlankBodiesIsInvisible holds it to every file of the standard
// library.

// blankBodies returns a copy of src in which the body of every top-level
// function declaration (a line starting with "func") is blanked, and the
// values of top-level var declarations are shortened (blankVarValues).
// A blanked body's bytes, newlines excepted, become spaces, five of them
// on one line the endless loop "for{}" that parseWithoutBodies puts there
// too, so every position outside the bodies, and every declaration and
// type, stays as it was. It returns false when it cannot be sure of that
// (a line directive, which a blanked body could hide, or source it does
// not understand); the caller then parses src itself.
func blankBodies(src []byte) ([]byte, bool) {
	if bytes.Contains(src, []byte("//line ")) || bytes.Contains(src, []byte("/*line ")) {
		return nil, false
	}
	out := bytes.Clone(src)
	depth := 0
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '/' || c == '"' || c == '`' || c == '\'':
			end, ok := skipLiteral(src, i)
			if !ok {
				return nil, false
			}
			i = end
			continue
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
			if depth < 0 {
				return nil, false
			}
		case c == 'f' && depth == 0 && (i == 0 || src[i-1] == '\n') && bytes.HasPrefix(src[i:], []byte("func")) &&
			len(src) > i+4 && (src[i+4] == ' ' || src[i+4] == '('):
			open, close, ok := funcBody(src, i+4)
			if !ok {
				return nil, false
			}
			if open < 0 {
				i = close // no body: implemented elsewhere (assembly, linkname)
				continue
			}
			if !blank(out[open+1:close], true) {
				return nil, false
			}
			i = close + 1
			continue
		case c == 'v' && depth == 0 && (i == 0 || src[i-1] == '\n') && bytes.HasPrefix(src[i:], []byte("var")) &&
			len(src) > i+3 && (src[i+3] == ' ' || src[i+3] == '('):
			end, ok := blankVarValues(src, out, i+3)
			if !ok {
				return nil, false
			}
			i = end
			continue
		}
		i++
	}
	return out, depth == 0
}

// blankVarValues blanks, in the var declaration whose specs start at
// src[i], the elements of composite literals and the bodies of function
// literals: type-checking the standard library's tables (unicode's, html's
// entities, the SDK's endpoints) was an eighth of a cold run, and neither
// the elements nor the bodies change a variable's type. An array whose
// length its elements count, [...]T{e0, ..., eN}, keeps its last element,
// keyed by its index: [...]T{N: eN} (keepLast); one whose elements have
// keys is kept whole, with the rest of the declaration. It returns where
// the declaration ends.
func blankVarValues(src, out []byte, i int) (end int, ok bool) {
	depth := 0
	block := false
	counted := false  // a [...] array's brace comes next
	keepRest := false // one could not be shortened
	prevWord := ""
	for j := i; j < len(src); {
		c := src[j]
		switch {
		case c == '/' || c == '"' || c == '`' || c == '\'':
			end, ok := skipLiteral(src, j)
			if !ok {
				return 0, false
			}
			j = end
			continue
		case c == '(' || c == '[':
			if c == '(' && depth == 0 && !block && bytes.TrimSpace(src[i:j]) == nil {
				block = true
			}
			if c == '[' && bytes.HasPrefix(src[j:], []byte("[...]")) {
				counted = true
			}
			depth++
		case c == ')' || c == ']':
			depth--
			if depth < 0 {
				return 0, false
			}
			if depth == 0 && block {
				return j + 1, true
			}
		case (c == '\n' || c == ';') && depth == 0 && !block:
			return j, true
		case c == '{':
			close, ok := matchBrace(src, j)
			if !ok {
				return 0, false
			}
			switch {
			case prevWord == "struct" || prevWord == "interface" || keepRest:
			case counted:
				counted = false
				keepRest = !keepLast(src, out, j, close)
			default:
				blank(out[j+1:close], false)
			}
			j = close + 1
			prevWord = ""
			continue
		case isWordByte(c):
			k := j
			for k < len(src) && isWordByte(src[k]) {
				k++
			}
			prevWord = string(src[j:k])
			start := j
			j = k
			// A func after ] or * is a type ([]func(), map[K]func()),
			// whose composite literal's brace the next round sees.
			if prevWord != "func" || typeContext(src, start) {
				continue
			}
			open, close, ok := funcBody(src, j)
			if !ok {
				return 0, false
			}
			if open < 0 {
				j = close // a function type, not a literal
				continue
			}
			if !keepRest && !counted && !blank(out[open+1:close], true) {
				return 0, false
			}
			j = close + 1
			prevWord = ""
			continue
		}
		if c != ' ' && c != '\t' && c != '\r' {
			prevWord = ""
		}
		j++
	}
	return 0, false
}

// keepLast blanks the elements of the [...] array literal whose braces
// src[open] and src[close] are, but the last, which it keys by its index
// so that the array keeps its length. It reports false, and changes
// nothing, for a literal with keys, with fewer than two elements, or
// without a line that holds the key before the last element.
func keepLast(src, out []byte, open, close int) bool {
	n := 0          // elements
	last := -1      // where the last one starts
	inElem := false // a significant byte since the last comma
	for j := open + 1; j < close; {
		c := src[j]
		switch {
		case c == '/' && j+1 < len(src) && (src[j+1] == '/' || src[j+1] == '*'):
			end, ok := skipLiteral(src, j)
			if !ok {
				return false
			}
			j = end
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			j++
			continue
		case c == ',':
			inElem = false
			j++
			continue
		case c == ':':
			return false
		}
		if !inElem {
			inElem = true
			n++
			last = j
		}
		end, ok := skipElementToken(src, j)
		if !ok {
			return false
		}
		j = end
	}
	if n < 2 {
		return false
	}
	key := strconv.Itoa(n-1) + ":"
	at, run := -1, 0
	for j := open + 1; j < last && at < 0; j++ {
		if src[j] == '\n' {
			run = 0
		} else if run++; run == len(key) {
			at = j - len(key) + 1
		}
	}
	if at < 0 {
		return false
	}
	blank(out[open+1:last], false)
	copy(out[at:], key)
	return true
}

// skipElementToken returns the index past the token of an element that
// starts at src[i], with whatever brackets it opens.
func skipElementToken(src []byte, i int) (int, bool) {
	switch c := src[i]; c {
	case '"', '`', '\'':
		return skipLiteral(src, i)
	case '{':
		close, ok := matchBrace(src, i)
		return close + 1, ok
	case '(', '[':
		want := byte(')')
		if c == '[' {
			want = ']'
		}
		for j := i + 1; j < len(src); {
			switch src[j] {
			case want:
				return j + 1, true
			case '/', '"', '`', '\'', '{', '(', '[':
				end, ok := skipElementToken(src, j)
				if !ok {
					return 0, false
				}
				j = end
				continue
			case ')', ']', '}':
				return 0, false
			}
			j++
		}
		return 0, false
	case '/':
		return skipLiteral(src, i)
	}
	return i + 1, true
}

// funcBody finds the braces of the body of the function declaration whose
// signature starts at src[i]: open and close index them. A declaration
// without a body ends at a newline or semicolon outside brackets; then
// open is -1 and close is where it ends.
func funcBody(src []byte, i int) (open, close int, ok bool) {
	depth := 0
	prevWord := ""
	for i < len(src) {
		c := src[i]
		switch {
		case c == '/' || c == '"' || c == '`' || c == '\'':
			end, ok := skipLiteral(src, i)
			if !ok {
				return 0, 0, false
			}
			// A line comment ends at its newline, which the next round sees.
			i = end
			continue
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == '{' && depth == 0 && prevWord != "struct" && prevWord != "interface":
			close, ok := matchBrace(src, i)
			return i, close, ok
		case c == '{':
			depth++
		case c == '}':
			depth--
		case (c == '\n' || c == ';') && depth == 0:
			return -1, i, true
		case isWordByte(c):
			j := i
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			prevWord = string(src[i:j])
			i = j
			continue
		}
		if c != ' ' && c != '\t' && c != '\r' {
			prevWord = ""
		}
		if depth < 0 {
			return 0, 0, false
		}
		i++
	}
	return 0, 0, false
}

// matchBrace returns the index of the brace that closes the one at
// src[open].
func matchBrace(src []byte, open int) (int, bool) {
	depth := 0
	for i := open; i < len(src); {
		switch c := src[i]; c {
		case '/', '"', '`', '\'':
			end, ok := skipLiteral(src, i)
			if !ok {
				return 0, false
			}
			i = end
			continue
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i, true
			}
		}
		i++
	}
	return 0, false
}

// skipLiteral returns the index just past the comment, string or rune
// literal that starts at src[i], or i+1 for a '/' that starts neither
// (division). A line comment ends before its newline.
func skipLiteral(src []byte, i int) (int, bool) {
	switch src[i] {
	case '/':
		if i+1 < len(src) && src[i+1] == '/' {
			if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
				return i + j, true
			}
			return len(src), true
		}
		if i+1 < len(src) && src[i+1] == '*' {
			if j := bytes.Index(src[i+2:], []byte("*/")); j >= 0 {
				return i + 2 + j + 2, true
			}
			return 0, false
		}
		return i + 1, true
	case '`':
		if j := bytes.IndexByte(src[i+1:], '`'); j >= 0 {
			return i + 1 + j + 1, true
		}
		return 0, false
	default: // '"' or '\''
		q := src[i]
		for j := i + 1; j < len(src); j++ {
			switch src[j] {
			case '\\':
				j++
			case q:
				return j + 1, true
			case '\n':
				return 0, false
			}
		}
		return 0, false
	}
}

// blank turns every byte of b but newlines into a space. A function's
// body (loop) gets an endless loop in five bytes of one line: it must
// terminate (no "missing return"), and one whose function has results
// holds at least a five-byte statement on a line (the shortest
// terminating one, for{}, has five). It reports false for a body that has
// something but no such room, which cannot be told from one whose
// function has results.
func blank(b []byte, loop bool) bool {
	empty := true
	run := 0
	at := -1
	for i, c := range b {
		if c == '\n' {
			run = 0
			continue
		}
		if c != ' ' && c != '\t' && c != '\r' {
			empty = false
		}
		b[i] = ' '
		if run++; run == 5 && at < 0 {
			at = i - 4
		}
	}
	if !loop {
		return true
	}
	if at >= 0 {
		copy(b[at:], "for{}")
	}
	return at >= 0 || empty
}

// typeContext reports whether the word at src[i] follows ] or *, where
// only a type can stand.
func typeContext(src []byte, i int) bool {
	for i--; i >= 0 && (src[i] == ' ' || src[i] == '\t'); i-- {
	}
	return i >= 0 && (src[i] == ']' || src[i] == '*')
}

func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
