// Remove the legacy root_url attribute from every git root.
//
// Execution Time:    2021-01-17 at 16:30:22 UTC-05
// Finalization Time: 2021-01-17 at 16:58:03 UTC-05
package main

func main() {
	println("migrating")
}
