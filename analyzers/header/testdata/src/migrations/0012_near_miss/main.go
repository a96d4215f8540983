// want +5 `header line "execution time: 2026-10-10 at 10:00:00 UTC" is not a time line`
// want +5 `header has no "Execution Time:" line`

// Trim the whitespace of every description.
//
// execution time: 2026-10-10 at 10:00:00 UTC
// Finalization Time: 2026-10-10 at 10:10:00 UTC
package main

func main() {
	println("migrating")
}
