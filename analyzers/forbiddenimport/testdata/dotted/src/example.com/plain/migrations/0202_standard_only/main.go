package main

// The clean twin: only the standard library, which no rule names.

import (
	"fmt"
	"strconv"
)

func main() { fmt.Println(strconv.Itoa(1)) }
