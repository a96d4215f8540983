// want +5 `went stale on 2026-07-31 .* July 2026 clean-up`

// Backfill the total of every cart from its lines.
//
// Execution Time:    2026-01-31 at 18:00:00 -05
// Finalization Time: 2026-01-31 at 18:30:00 -05
package main

func main() { println("migrating") }
