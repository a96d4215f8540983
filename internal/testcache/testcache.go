// Package testcache seals a test process off the user's cache directory:
// miglint keeps parsed configurations and lint results there, and a test
// must neither read what a real run left nor leave anything behind.
package testcache

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Main runs the tests of m with XDG_CACHE_HOME (os.UserCacheDir on Linux
// and BSDs) pointing at a new temporary directory, removed afterwards, and
// exits with their code. It pins GOCACHE to the go command's own first, so
// that the builds the tests start keep using the warm build cache, which
// lives under the user's cache directory by default.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if err := Seal(); err != nil {
		fmt.Fprintln(os.Stderr, "testcache:", err)
		return 2
	}
	defer os.RemoveAll(os.Getenv("XDG_CACHE_HOME"))
	return m.Run()
}

// Seal points XDG_CACHE_HOME at a new temporary directory, after pinning
// GOCACHE; the caller removes the directory.
func Seal() error {
	if os.Getenv("GOCACHE") == "" {
		out, err := exec.Command("go", "env", "GOCACHE").Output()
		if err != nil {
			return fmt.Errorf("go env GOCACHE: %v", err)
		}
		os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
	}
	dir, err := os.MkdirTemp("", "miglint-test-cache-")
	if err != nil {
		return err
	}
	return os.Setenv("XDG_CACHE_HOME", dir)
}
