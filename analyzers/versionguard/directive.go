package versionguard

import "slices"

// name is the analyzer's name as directives spell it. (Analyzer.Name
// cannot be used here: Analyzer refers to run, which would refer back.)
const name = "versionguard"

// applyDirectives marks the sites with an unguarded write that a
// //miglint:ignore directive with a reason silences (rule 3): on the line
// of the name called or of the call's start, or on the line above either.
// A directive over writes that are all guarded silences nothing, and
// c.directives reports it as unused.
func (w *walker) applyDirectives() {
	for _, s := range w.sites {
		unguarded := slices.ContainsFunc(s.writes, func(wr write) bool { return !wr.guardedBy(w.c.attrs) })
		if unguarded && w.c.directives.Silences(s.pos, s.call.Pos()) {
			s.silenced = true
		}
	}
}
