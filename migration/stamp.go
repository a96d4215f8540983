package migration

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
	"time"
)

// Stamp returns src with the values of its header's time lines replaced by
// exec and fin (written in UTC). Nothing else in src changes: not the
// description, not the spacing after the colons, not the code.
func Stamp(filename string, src []byte, exec, fin time.Time) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.PackageClauseOnly|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	h, _ := ParseHeader(CommentLines(fset, f.Doc), fin)
	if h.ExecutionLine == nil || h.FinalizationLine == nil {
		return nil, fmt.Errorf("%s: the header needs an \"Execution Time:\" and a \"Finalization Time:\" line before times can be written into it", filename)
	}
	// Replace the later value first so the earlier offset stays valid.
	edits := []struct {
		line *TimeLine
		text string
	}{{h.ExecutionLine, FormatTime(exec)}, {h.FinalizationLine, FormatTime(fin)}}
	if edits[0].line.Offset < edits[1].line.Offset {
		edits[0], edits[1] = edits[1], edits[0]
	}
	out := append([]byte(nil), src...)
	for _, e := range edits {
		start, end, ok := valueSpan(src, e.line)
		if !ok {
			return nil, fmt.Errorf("%s: cannot locate the value of %q in the file", filename, strings.TrimSpace(e.line.Line.Text))
		}
		text := e.text
		if start > 0 && src[start-1] == ':' {
			text = " " + text // "Execution Time:" with no value yet
		}
		out = append(out[:start:start], append([]byte(text), out[end:]...)...)
	}
	return out, nil
}

// valueSpan returns the bytes of src that hold tl's value. go/scanner
// drops carriage returns from comment text, so where the line holds one
// before or inside the value, offsets into Line.Text are mapped back to
// src by walking both, skipping the dropped bytes.
func valueSpan(src []byte, tl *TimeLine) (start, end int, ok bool) {
	text := tl.Line.Text
	rel := tl.Offset - tl.Line.Offset // the value's index in text
	if rel <= 0 || rel+len(tl.Value) > len(text) {
		return 0, 0, false
	}
	pos := make([]int, rel+len(tl.Value)) // pos[i]: offset in src of text[i]
	j := tl.Line.Offset
	for i := range pos {
		for j < len(src) && src[j] == '\r' && text[i] != '\r' {
			j++
		}
		if j >= len(src) || src[j] != text[i] {
			return 0, 0, false
		}
		pos[i] = j
		j++
	}
	// Start right after the byte before the value, so that an empty value
	// is filled in before a line's carriage return, not after it.
	start = pos[rel-1] + 1
	end = start
	if len(tl.Value) > 0 {
		end = pos[len(pos)-1] + 1
	}
	return start, end, true
}
