// Package directive reads the //miglint:ignore comments that silence an
// analyzer's findings:
//
//	//miglint:ignore NAME[,NAME...] -- reason
//
// on the line of a finding or the line above. The reason is required: a
// directive without one silences nothing and is reported, and so is a
// directive with a reason that silences nothing, so that directives do
// not outlive the code they excused.
package directive

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Prefix starts a directive.
const Prefix = "//miglint:ignore"

// A Set holds the directives of one package that name one analyzer.
type Set struct {
	pass   *analysis.Pass
	name   string
	byLine map[lineKey]*directive
}

type directive struct {
	pos    token.Pos
	reason string
	used   bool
}

type lineKey struct {
	file string
	line int
}

// Read collects the directives of files that name the analyzer name.
// Directives for other analyzers are none of its business.
func Read(pass *analysis.Pass, files []*ast.File, name string) *Set {
	s := &Set{pass: pass, name: name, byLine: map[lineKey]*directive{}}
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				names, reason, ok := parse(c.Text)
				if !ok || !slices.Contains(names, name) {
					continue
				}
				p := pass.Fset.Position(c.Pos())
				s.byLine[lineKey{p.Filename, p.Line}] = &directive{pos: c.Pos(), reason: reason}
			}
		}
	}
	return s
}

// parse splits a comment "//miglint:ignore a,b -- reason" into its names
// and reason ("" when there is no "--" or nothing after it).
func parse(text string) (names []string, reason string, ok bool) {
	rest, ok := strings.CutPrefix(text, Prefix)
	if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
		return nil, "", false
	}
	fields := strings.Fields(rest)
	if len(fields) == 0 {
		return nil, "", true
	}
	after := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), fields[0]))
	if r, ok := strings.CutPrefix(after, "--"); ok {
		reason = strings.TrimSpace(r)
	}
	return strings.Split(fields[0], ","), reason, true
}

// Silences reports whether a directive with a reason stands on the line
// of one of the positions or on the line above it, and marks it used.
// A finding passes the position it is reported at and, when that differs,
// the start of the statement it is in.
func (s *Set) Silences(positions ...token.Pos) bool {
	for _, pos := range positions {
		p := s.pass.Fset.Position(pos)
		for _, line := range []int{p.Line, p.Line - 1} {
			if d := s.byLine[lineKey{p.Filename, line}]; d != nil && d.reason != "" {
				d.used = true
				return true
			}
		}
	}
	return false
}

// Reportf reports a finding at pos unless a directive silences it; more
// lists further positions a directive may stand at (see Silences).
func (s *Set) Reportf(pos token.Pos, more []token.Pos, format string, args ...any) {
	if s.Silences(append([]token.Pos{pos}, more...)...) {
		return
	}
	s.pass.Reportf(pos, format, args...)
}

// ReportUnused reports, in source order, the directives without a reason
// and those that silenced nothing. Call it after every finding went
// through Silences or Reportf. why says what a reason should explain
// ("why reading one page is enough"); what names what a directive
// silences ("unguarded write"), "" for "NAME finding".
func (s *Set) ReportUnused(why, what string) {
	if what == "" {
		what = s.name + " finding"
	}
	ds := make([]*directive, 0, len(s.byLine))
	for _, d := range s.byLine {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b *directive) int { return int(a.pos - b.pos) })
	for _, d := range ds {
		switch {
		case d.reason == "":
			s.pass.Reportf(d.pos, `%s %s needs a reason: write "%s %s -- %s"; without one it silences nothing`, Prefix, s.name, Prefix, s.name, why)
		case !d.used:
			s.pass.Reportf(d.pos, "%s %s silences nothing: no %s is on this line or the next; remove it", Prefix, s.name, what)
		}
	}
}
