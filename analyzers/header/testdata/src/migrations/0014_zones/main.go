// Copy the region of every store into gsi_region.
//
// Execution Time:    2025-09-15 at 11:00:00 +0100
// Finalization Time: 2025-09-15 at 16:45:00 UTC+05:30
package main

func main() {
	println("migrating")
}
