package migration

import (
	"fmt"
	"go/parser"
	"go/token"
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
		end := e.line.Offset + len(e.line.Value)
		out = append(out[:e.line.Offset:e.line.Offset], append([]byte(e.text), out[end:]...)...)
	}
	return out, nil
}
