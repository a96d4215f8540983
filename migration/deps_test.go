package migration

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoAnalysisFramework keeps the model of a migration free of the
// analysis framework: the commands (stale, new, run) use it without
// go/analysis, and the analyzers' glue lives in analyzers/internal/setup.
func TestNoAnalysisFramework(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "golang.org/x/tools") {
			t.Errorf("package migration depends on %s; keep analysis code under analyzers/", p)
		}
	}
}
