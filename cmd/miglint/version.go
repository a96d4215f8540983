package main

import (
	"fmt"

	"github.com/miglint/miglint/internal/cli"
)

func version(args []string) int {
	fmt.Printf("miglint %s\n", cli.ModuleVersion())
	return exitClean
}
