// Round every price to two decimal places.
//
// Execution Time:    pending
// Finalization Time: pending
package main // want `directory name "fix-prices" is not NNNN_snake_case_slug`

func main() {
	println("migrating")
}
