// want +5 `Execution Time 2026-12-01 at 00:00:00 UTC is in the future`
// want +5 `Finalization Time 2026-12-01 at 01:00:00 UTC is in the future`

// Archive every order older than five years.
//
// Execution Time:    2026-12-01 at 00:00:00 UTC
// Finalization Time: 2026-12-01 at 01:00:00 UTC
package main

func main() {
	println("migrating")
}
