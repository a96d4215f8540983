//go:build unix

package main

import (
	"fmt"
	"os"
	"syscall"
)

func execAWS(exe string, argv, env []string) int {
	err := syscall.Exec(exe, argv, env)
	fmt.Fprintf(os.Stderr, "miglint %s: starting %s: %v\n", argv[1], exe, err)
	return exitError
}
