package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoCgo keeps net, and with it cgo, out of miglint: go vet starts a
// miglint process for every package, and a binary with cgo starts through
// the dynamic linker, about 0.7 ms more per process, 7% of a small
// migration's (BENCHMARKS.md). runner/connect_unix.go probes the dev
// endpoint without net for that reason.
func TestNoCgo(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "net" || p == "runtime/cgo" || p == "os/user" {
			t.Errorf("miglint depends on %s, which links cgo; find who imports it with go list -deps -f '{{.ImportPath}}: {{.Imports}}' ./cmd/miglint", p)
		}
	}
}
