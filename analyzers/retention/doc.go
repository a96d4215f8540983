// Package retention defines an Analyzer that reports migrations that a
// clean-up should already have deleted.
//
// # Analyzer retention
//
// retention: report migrations still present after the clean-up that should have deleted them
//
// Migrations are kept for a retention period (default 12 months) counted from
// their Finalization Time, then deleted in bulk in the clean-up months
// (default January and July). A migration is overdue when it was already stale
// at the end of a clean-up month that has passed. Pending migrations never
// age. Configure with [migrations] retention_months and cleanup_months in
// importrules.toml; delete stale migrations with "miglint stale --delete".
package retention
