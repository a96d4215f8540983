// want +2 `header description "TODO: describe this migration" is a placeholder`

// TODO: describe this migration
//
// Execution Time:    pending
// Finalization Time: pending
package main

func main() {
	println("migrating")
}
