// Package cli holds what miglint's two commands share: miglint, which
// lints and serves go vet, and miglint-aws, which runs migrations and
// keeps their ledger (see cmd/miglint-aws for why they are two).
package cli

// Exit codes of both commands (DESIGN.md, CLI); 3, refused, is
// runner.ExitRefused.
const (
	ExitClean    = 0 // nothing found, or the command did what was asked
	ExitFindings = 1 // findings
	ExitError    = 2 // usage, configuration or load error
)
