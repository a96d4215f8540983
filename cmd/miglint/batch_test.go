package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBatchDispatch: miglint batch runs miglint-batch from miglint's own
// directory with the same arguments and exits with its code; without it,
// it says how to install it. (cmd/miglint-batch tests the command.)
func TestBatchDispatch(t *testing.T) {
	bin := t.TempDir()
	self, batch := filepath.Join(bin, "miglint"), filepath.Join(bin, "miglint-batch")
	data, err := os.ReadFile(miglintBin)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(self, data, 0o755); err != nil {
		t.Fatal(err)
	}
	noPath := []string{"PATH=" + filepath.Dir(goBinary(t))} // go, but no miglint-batch
	_, stderr, code := runIn(t, t.TempDir(), noPath, self, "batch", "0001")
	if code != exitError || !strings.Contains(stderr, "miglint-batch is not installed next to miglint or on PATH; install it with go install github.com/miglint/miglint/cmd/miglint-batch") {
		t.Errorf("without miglint-batch: exit %d:\n%s", code, stderr)
	}

	if out, err := exec.Command("go", "build", "-o", batch, "../miglint-batch").CombinedOutput(); err != nil {
		t.Fatalf("building miglint-batch: %v\n%s", err, out)
	}
	_, stderr, code = runIn(t, t.TempDir(), noPath, self, "batch", "0001", "--segments", "1", "--image", "i", "--queue", "q")
	if code != exitError || !strings.Contains(stderr, "miglint batch: --segments 1: an array job has 2 to 10000 children") {
		t.Errorf("through miglint-batch: exit %d:\n%s", code, stderr)
	}
	dir := copySample(t)
	_, stderr, code = runIn(t, dir, append(noPath, "XDG_CACHE_HOME="+t.TempDir()), self, "batch", "0004_lowercase_emails", "--segments", "2", "--image", "i", "--queue", "q", "--allow-dirty")
	if code != 3 || !strings.Contains(stderr, "migration has no header") {
		t.Errorf("a migration with a finding: exit %d, want 3:\n%s", code, stderr)
	}
}

func goBinary(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	return p
}
