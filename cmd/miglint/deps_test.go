package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoCgoInTheCheckers keeps net, and with it cgo, out of everything go
// vet's miglint processes run: a binary with cgo starts through the
// dynamic linker, about 0.7 ms more per process, 7% of a small
// migration's (BENCHMARKS.md). The run ledger talks to DynamoDB through
// the AWS SDK's HTTP client, and miglint batch --submit talks to AWS
// Batch, so net enters the binary through package ledger and this
// command's batch.go alone; CGO_ENABLED=0 go install builds miglint without cgo
// (README, Speed). This test fails when anything else brings it in.
func TestNoCgoInTheCheckers(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../../analyzers/...", "../../checker", "../../report", "../../importrules", "../../migration").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == "net" || p == "runtime/cgo" || p == "os/user" {
			t.Errorf("the checkers depend on %s, which links cgo; find who imports it with go list -deps -f '{{.ImportPath}}: {{.Imports}}' ./analyzers/... ./checker", p)
		}
	}
	out, err = exec.Command("go", "list", "-f", "{{.ImportPath}}: {{.Imports}}", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		if strings.HasPrefix(pkg, "github.com/miglint/miglint/") && pkg != "github.com/miglint/miglint/ledger" && pkg != "github.com/miglint/miglint/cmd/miglint" &&
			(strings.Contains(imports, " net ") || strings.Contains(imports, "[net ") || strings.Contains(imports, " net]") || strings.Contains(imports, "github.com/aws/aws-sdk-go-v2/config")) {
			t.Errorf("%s imports net or the AWS configuration itself; only package ledger and miglint batch talk to AWS", pkg)
		}
	}
}
