// want +5 `Execution Time "2026/10/01 12:00" is not "YYYY-MM-DD at HH:MM:SS ZONE"`
// want +5 `Finalization Time "2026-02-30 at 12:00:00 UTC" is not a real date`

// Rename the sku attribute of every product.
//
// Execution Time:    2026/10/01 12:00
// Finalization Time: 2026-02-30 at 12:00:00 UTC
package main

func main() {
	println("migrating")
}
