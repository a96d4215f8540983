// want +5 `should have been deleted in the January 2026 clean-up`

// Backfill the total of every cart from its lines.
//
// Execution Time:    2025-03-01 at 09:00:00 UTC
// Finalization Time: 2025-03-01 at 09:30:00 UTC
package main

func main() { println("migrating") }
