// Recompute the loyalty tier of every customer from their order history.
//
// Execution Time:    pending
// Finalization Time: pending
package main

func main() {
}
