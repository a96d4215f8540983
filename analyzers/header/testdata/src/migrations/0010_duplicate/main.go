// want +6 `"Execution Time:" appears twice in the header; keep exactly one`

// Trim the whitespace of every description.
//
// Execution Time:    2026-10-10 at 10:00:00 UTC
// Finalization Time: 2026-10-10 at 10:10:00 UTC
// Execution Time:    2026-10-10 at 10:00:00 UTC
package main

func main() {
	println("migrating")
}
