package migration

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
	"time"
)

// FuzzParseHeader builds a Go file whose package doc comment is the fuzzed
// text (as // lines, or one /* */ block) and checks ParseHeader and Stamp
// on it: no panic, every offset inside the file, and when both time lines
// are there, Stamp writes exactly the times that a re-parse reads back.
func FuzzParseHeader(f *testing.F) {
	for _, h := range []string{
		" Remove the legacy root_url attribute from every git root. The URL now\n lives in the root's environment list.\n\n Execution Time:    2021-01-17 at 16:30:22 UTC-05\n Finalization Time: 2021-01-17 at 16:58:03 UTC-05",
		" Backfill the total attribute of every cart from the prices of its lines.\n\n Execution Time:    2026-03-02 at 14:05:11 UTC\n Finalization Time: 2026-03-02 at 14:31:40 UTC",
		" Add a currency attribute to every price.\n\n Execution Time:    pending\n Finalization Time: pending",
		" TODO: describe this migration\n\n Execution Time:    pending\n Finalization Time: pending",
		" Rename the sku attribute.\n\n Execution Time:    2026/10/01 12:00\n Finalization Time: 2026-10-01 at 12:30:00 UTC",
		" Fix.\n Finalization Time: 2026-02-30 at 10:00:00 +15:00\n Execution Time: 2026-03-02 at 10:00:00 -0500\n Execution Time: pending",
		" Split names.\r\n\r\n Execution Time: 2026-03-02 at 09:05:11 -05:00\r\n Finalization Time:\r\n",
		"\nBackfill the status.\r\n\r\nExecution Time:    pending\r\nFinalization Time: pen\rding\r\n",
		" Executed at: 2026-03-02 at 14:05:11 UTC\n finalization-time = 2026-03-02",
		"",
	} {
		f.Add(h, false, int64(0), int64(3600))
		f.Add(h, true, int64(1e9), int64(-5))
	}
	now := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	const code = "package main\n\nfunc main() {}\n"
	f.Fuzz(func(t *testing.T, text string, block bool, execSec, finSec int64) {
		var src string
		if block {
			if strings.Contains(text, "*/") {
				return
			}
			src = "/*" + text + "*/\n" + code
		} else {
			var b strings.Builder
			for _, l := range strings.Split(text, "\n") {
				b.WriteString("//" + l + "\n")
			}
			src = b.String() + code
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "main.go", src, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil {
			return
		}
		lines := CommentLines(fset, file.Doc)
		for _, l := range lines {
			if l.Offset < 0 || l.Offset+len(strings.TrimRight(l.Text, "\r")) > len(src) {
				t.Fatalf("line %q at offset %d is outside the file (%d bytes)", l.Text, l.Offset, len(src))
			}
		}
		h, probs := ParseHeader(lines, now)
		for _, p := range probs {
			if p.Offset < 0 || p.Offset >= len(src) || p.Msg == "" {
				t.Fatalf("problem %q at offset %d, outside the file (%d bytes)", p.Msg, p.Offset, len(src))
			}
		}
		if h.Pending && (h.ExecutionLine.Value != Pending || h.FinalizationLine.Value != Pending) {
			t.Fatalf("pending header with values %q, %q", h.ExecutionLine.Value, h.FinalizationLine.Value)
		}
		if !strings.Contains(src, "\r") {
			for _, tl := range []*TimeLine{h.ExecutionLine, h.FinalizationLine} {
				if tl != nil && src[tl.Offset:tl.Offset+len(tl.Value)] != tl.Value {
					t.Fatalf("value %q at offset %d reads %q", tl.Value, tl.Offset, src[tl.Offset:tl.Offset+len(tl.Value)])
				}
			}
		}
		if h.ExecutionLine == nil || h.FinalizationLine == nil {
			return
		}

		const span = 100 * 365 * 24 * 3600 // 2000 to 2100
		base := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		exec := base.Add(time.Duration(uint64(execSec)%span) * time.Second)
		fin := base.Add(time.Duration(uint64(finSec)%span) * time.Second)
		out, err := Stamp("main.go", []byte(src), exec, fin)
		if err != nil {
			t.Fatalf("Stamp of a header with both time lines: %v", err)
		}
		if !strings.HasSuffix(string(out), "\n"+code) {
			t.Fatalf("Stamp changed the code:\n%q", out)
		}
		fset2 := token.NewFileSet()
		file2, err := parser.ParseFile(fset2, "main.go", out, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil {
			t.Fatalf("stamped file does not parse: %v\n%q", err, out)
		}
		h2, _ := ParseHeader(CommentLines(fset2, file2.Doc), fin.Add(time.Hour).Add(exec.Sub(fin).Abs()))
		if h2.ExecutionLine == nil || h2.FinalizationLine == nil ||
			h2.ExecutionLine.Value != FormatTime(exec) || h2.FinalizationLine.Value != FormatTime(fin) {
			t.Fatalf("stamped %q, %q; re-parse reads %+v, %+v\n%q", FormatTime(exec), FormatTime(fin), h2.ExecutionLine, h2.FinalizationLine, out)
		}
		if h2.Pending || !h2.Execution.Equal(exec) || !h2.Finalization.Equal(fin) {
			t.Fatalf("stamped %v, %v; re-parse reads %v, %v", exec, fin, h2.Execution, h2.Finalization)
		}
		if h2.Description != h.Description {
			t.Fatalf("Stamp changed the description from %q to %q", h.Description, h2.Description)
		}
		again, err := Stamp("main.go", out, exec, fin)
		if err != nil || string(again) != string(out) {
			t.Fatalf("stamping the same times again changed the file: %v\n%q\n%q", err, out, again)
		}
	})
}
