package main

import (
	"strings"

	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/checker"
)

// isVetInvocation reports whether go vet is talking to us: it asks for
// -V=full and -flags, then passes analyzer flags and one *.cfg file.
func isVetInvocation(args []string) bool {
	if len(args) == 1 && (args[0] == "-V=full" || args[0] == "-flags") {
		return true
	}
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if !strings.HasPrefix(a, "-") {
			return false
		}
	}
	return true
}

// runVet serves the vet protocol through unitchecker, which exits.
func runVet() {
	checker.PrepareVet()
	unitchecker.Main(analyzers.All...)
}
