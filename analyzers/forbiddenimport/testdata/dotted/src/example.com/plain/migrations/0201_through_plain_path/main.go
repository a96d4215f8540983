package main

// plainhelper's path has no dot, like the standard library's, but it
// reaches a forbidden package: its graph must be searched.

import (
	"strconv"

	"plainhelper" // want `imports plainhelper, which reaches example.com/forbidden`
)

func main() { _ = strconv.Itoa(plainhelper.N) }
