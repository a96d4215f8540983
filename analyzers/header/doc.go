// Package header defines an Analyzer that checks the header comment of
// every migration: a description, an "Execution Time:" line and a
// "Finalization Time:" line (see Doc for the rules).
//
// # Analyzer header
//
// header: check that a migration's header says what it does and when it ran
//
// The file of a migration that declares func main carries the header as its
// package doc comment: a description of at least 3 words (not a placeholder
// such as TODO), then "Execution Time:" and "Finalization Time:" lines, each
// exactly once, valued "YYYY-MM-DD at HH:MM:SS ZONE" (ZONE: UTC, UTC±HH,
// UTC±HH:MM, ±HH, ±HHMM, ±HH:MM) or "pending" on both lines until the
// migration has run in prod. Execution comes before Finalization, and neither
// lies in the future. The directory must be named NNNN_snake_case_slug.
// A missing header comes with a suggested fix that inserts a skeleton.
package header
