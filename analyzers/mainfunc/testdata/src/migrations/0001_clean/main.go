// Backfill the total of every cart from its lines.
//
// Execution Time:    pending
// Finalization Time: pending
package main

func main() {
	println("migrating")
}
