package testcache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMain(m *testing.M) { Main(m) }

// TestSealed: inside Main the user cache directory is a fresh temporary
// one, and the go command's build cache is not moved with it.
func TestSealed(t *testing.T) {
	dir, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(dir), "miglint-test-cache-") {
		t.Errorf("os.UserCacheDir() = %s; want a sealed temporary directory", dir)
	}
	if gocache := os.Getenv("GOCACHE"); gocache == "" || strings.HasPrefix(gocache, dir) {
		t.Errorf("GOCACHE = %q; want the go command's own, outside %s", gocache, dir)
	}
}
