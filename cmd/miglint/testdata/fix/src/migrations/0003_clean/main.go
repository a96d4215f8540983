// Lowercase every customer's email address.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import "fmt"

func main() {
	fmt.Println("lowercase")
}
