package main

import (
	"fmt"
	"runtime/debug"
)

// moduleVersion is the version of the miglint module this binary was
// built from: a tag for go install ...@vX, "(devel)" for a local build.
func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func version(args []string) int {
	fmt.Printf("miglint %s\n", moduleVersion())
	return exitClean
}
