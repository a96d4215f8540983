// want +2 `header description has 2 word\(s\); say in at least 3 words`

// Fix prices.
//
// Execution Time:    pending
// Finalization Time: pending
package main

func main() {
	println("migrating")
}
