package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLeanForGoVet keeps the AWS SDK, net and cgo out of miglint, the
// binary go vet starts once per package: linked in, they made each of
// those processes 4-5 ms slower before main (BENCHMARKS.md, "Keeping go
// vet's processes lean"). They belong to miglint-aws. The test fails
// when anything brings them back and names who imports them.
func TestLeanForGoVet(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}: {{join .Imports \" \"}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ": ")
		for _, imp := range strings.Fields(imports) {
			if imp == "net" || imp == "runtime/cgo" || imp == "os/user" || strings.HasPrefix(imp, "github.com/aws/") {
				t.Errorf("%s imports %s: miglint must not link it (net and os/user link cgo); move what needs it into cmd/miglint-aws", pkg, imp)
			}
		}
	}
}
