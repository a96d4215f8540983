package report

import (
	"encoding/json"
	"io"
)

type jsonFinding struct {
	Analyzer  string `json:"analyzer"`
	Rule      string `json:"rule"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine,omitempty"`
	EndColumn int    `json:"endColumn,omitempty"`
	Message   string `json:"message"`
}

// writeJSON writes an array of findings, paths relative to the working
// directory; endLine and endColumn are left out when the analyzer gave
// no end.
func writeJSON(w io.Writer, findings []Finding) error {
	out := make([]jsonFinding, len(findings))
	for i, f := range findings {
		out[i] = jsonFinding{Analyzer: f.Analyzer, Rule: f.Rule(), File: Relative(f.Posn.Filename),
			Line: f.Posn.Line, Column: f.Posn.Column, Message: f.Message}
		if f.End.IsValid() {
			out[i].EndLine, out[i].EndColumn = f.End.Line, f.End.Column
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
