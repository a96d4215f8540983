// Backfill the total of every cart from its lines.
//
// Execution Time:    pending
// Finalization Time: pending
package main

func main() { // want `func main is empty`
	// TODO: write the migration
}
