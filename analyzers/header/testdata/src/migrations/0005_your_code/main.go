// want +2 `is a placeholder`

// Your code goes here
//
// Execution Time:    pending
// Finalization Time: pending
package main

func main() {
	println("migrating")
}
