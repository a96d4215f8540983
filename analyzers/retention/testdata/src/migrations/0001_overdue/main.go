// want +5 `migration finalized 2026-01-10 went stale on 2026-07-10 \(after 6 months\) and should have been deleted in the July 2026 clean-up; delete stale migrations with "miglint stale --delete"`

// Backfill the total of every cart from its lines.
//
// Execution Time:    2026-01-10 at 09:00:00 UTC
// Finalization Time: 2026-01-10 at 09:30:00 UTC
package main

func main() { println("migrating") }
