// want +3 `header has no "Execution Time:" line` `header has no "Finalization Time:" line`

// Recompute the loyalty tier of every customer.
// The tiers changed in the autumn.
package main

func main() {
	println("migrating")
}
