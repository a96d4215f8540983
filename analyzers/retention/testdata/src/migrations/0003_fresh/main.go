// Backfill the total of every cart from its lines.
//
// Execution Time:    2026-10-01 at 09:00:00 UTC
// Finalization Time: 2026-10-01 at 09:30:00 UTC
package main

func main() { println("migrating") }
