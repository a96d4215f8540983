// want +4 `one time line is "pending" and the other is "2026-10-10 at 10:10:00 UTC"`

// Trim the whitespace of every description.
//
// Execution Time:    pending
// Finalization Time: 2026-10-10 at 10:10:00 UTC
package main

func main() {
	println("migrating")
}
