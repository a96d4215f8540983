package versionguard

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// name is the analyzer's name as directives spell it. (Analyzer.Name
// cannot be used here: Analyzer refers to run, which would refer back.)
const name = "versionguard"

// directivePrefix starts a comment that silences findings:
//
//	//miglint:ignore versionguard -- reason
const directivePrefix = "//miglint:ignore"

// A directive is one //miglint:ignore comment that names this analyzer.
type directive struct {
	pos    token.Pos
	reason string
	used   bool // it silenced a write that was not guarded where it stands
}

type lineKey struct {
	file string
	line int
}

// readDirectives records the directives of f by line. Directives for other
// analyzers are none of this one's business.
func (c *checker) readDirectives(f *ast.File) {
	for _, cg := range f.Comments {
		for _, cm := range cg.List {
			rest, ok := strings.CutPrefix(cm.Text, directivePrefix)
			if !ok || rest != "" && rest[0] != ' ' && rest[0] != '\t' {
				continue
			}
			fields := strings.Fields(rest)
			if len(fields) == 0 || !slices.Contains(strings.Split(fields[0], ","), name) {
				continue
			}
			after := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), fields[0]))
			reason, _ := strings.CutPrefix(after, "--")
			if !strings.HasPrefix(after, "--") {
				reason = ""
			}
			p := c.position(cm.Pos())
			c.directives[lineKey{p.Filename, p.Line}] = &directive{pos: cm.Pos(), reason: strings.TrimSpace(reason)}
		}
	}
}

// directiveFor returns the directive that covers a call: on the line of
// the name called or of the call's start, or on the line above either.
func (c *checker) directiveFor(s *site) *directive {
	for _, pos := range []token.Pos{s.pos, s.call.Pos()} {
		p := c.position(pos)
		for _, line := range []int{p.Line, p.Line - 1} {
			if d := c.directives[lineKey{p.Filename, line}]; d != nil && d.reason != "" {
				return d
			}
		}
	}
	return nil
}

// applyDirectives marks the sites that a directive with a reason
// silences (rule 3).
func (w *walker) applyDirectives() {
	for _, s := range w.sites {
		d := w.c.directiveFor(s)
		if d == nil {
			continue
		}
		s.silenced = true
		for _, wr := range s.writes {
			if !wr.guardedBy(w.c.attrs) {
				d.used = true
			}
		}
	}
}

// reportDirectives reports directives without a reason, which silence
// nothing, and directives that silence nothing.
func (c *checker) reportDirectives() {
	var ds []*directive
	for _, d := range c.directives {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(a, b *directive) int { return int(a.pos - b.pos) })
	for _, d := range ds {
		switch {
		case d.reason == "":
			c.pass.Reportf(d.pos, `%s %s needs a reason: write "%s %s -- why repeating this write is safe"; without one it silences nothing`, directivePrefix, name, directivePrefix, name)
		case !d.used:
			c.pass.Reportf(d.pos, "%s %s silences nothing: no unguarded write is on this line or the next; remove it", directivePrefix, name)
		}
	}
}
