package checker

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"

	"github.com/miglint/miglint/report"
)

// Diff prints the fixes as a unified diff (a/ and b/ paths relative to
// the working directory, for git apply or patch -p1).
func (f *Fixed) Diff(w io.Writer) error {
	for _, file := range f.Files {
		name := filepath.ToSlash(report.Relative(file.Name))
		if _, err := fmt.Fprintf(w, "--- a/%s\n+++ b/%s\n", name, name); err != nil {
			return err
		}
		if _, err := w.Write(unified(splitLines(file.Old), splitLines(file.New), 3)); err != nil {
			return err
		}
	}
	return nil
}

func splitLines(b []byte) []string {
	var lines []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n') + 1
		if i == 0 {
			i = len(b)
		}
		lines = append(lines, string(b[:i]))
		b = b[i:]
	}
	return lines
}

// An op of a line diff: ' ' keeps a line of both, '-' drops one of a,
// '+' adds one of b.
type op struct {
	kind byte
	line string
}

// lineDiff is a shortest line diff of a and b: the common prefix and
// suffix, and a longest common subsequence of what lies between (fixes
// change a few lines of a file, so the middle is small).
func lineDiff(a, b []string) []op {
	var ops []op
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	for _, l := range a[:pre] {
		ops = append(ops, op{' ', l})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	// lcs[i][j]: length of a longest common subsequence of ma[i:], mb[j:].
	lcs := make([][]int, len(ma)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(mb)+1)
	}
	for i := len(ma) - 1; i >= 0; i-- {
		for j := len(mb) - 1; j >= 0; j-- {
			if ma[i] == mb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(ma) || j < len(mb) {
		switch {
		case i < len(ma) && j < len(mb) && ma[i] == mb[j]:
			ops = append(ops, op{' ', ma[i]})
			i, j = i+1, j+1
		case j < len(mb) && (i == len(ma) || lcs[i][j+1] >= lcs[i+1][j]):
			ops = append(ops, op{'+', mb[j]})
			j++
		default:
			ops = append(ops, op{'-', ma[i]})
			i++
		}
	}
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, op{' ', l})
	}
	return ops
}

// unified writes the hunks of a line diff with context lines around each
// change, as diff -u does.
func unified(a, b []string, context int) []byte {
	ops := lineDiff(a, b)
	var out bytes.Buffer
	for start := 0; start < len(ops); {
		// Find the next change, and the end of its hunk: changes closer
		// than 2*context lines share one.
		first := start
		for first < len(ops) && ops[first].kind == ' ' {
			first++
		}
		if first == len(ops) {
			break
		}
		last := first
		for k := first; k < len(ops); k++ {
			if ops[k].kind != ' ' {
				last = k
			} else if k-last > 2*context {
				break
			}
		}
		from, to := max(first-context, start), min(last+context+1, len(ops))
		// Line numbers where the hunk starts in a and in b.
		la, lb := 1, 1
		for _, o := range ops[:from] {
			if o.kind != '+' {
				la++
			}
			if o.kind != '-' {
				lb++
			}
		}
		na, nb := 0, 0
		var body bytes.Buffer
		for _, o := range ops[from:to] {
			if o.kind != '+' {
				na++
			}
			if o.kind != '-' {
				nb++
			}
			body.WriteByte(o.kind)
			body.WriteString(o.line)
			if len(o.line) == 0 || o.line[len(o.line)-1] != '\n' {
				body.WriteString("\n\\ No newline at end of file\n")
			}
		}
		if na == 0 {
			la-- // diff -u numbers an empty range by the line before it
		}
		if nb == 0 {
			lb--
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(la, na), hunkRange(lb, nb))
		out.Write(body.Bytes())
		start = to
	}
	return out.Bytes()
}

func hunkRange(line, n int) string {
	if n == 1 {
		return fmt.Sprint(line)
	}
	return fmt.Sprintf("%d,%d", line, n)
}
