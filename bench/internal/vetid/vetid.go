// Package vetid gives the benchmark's vet tools the build ID that go vet
// asks for with -V=full.
package vetid

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Register installs -V=full before unitchecker.Main installs its own. The
// ID covers the executable and MIGLINT_NOW, as miglint's does: a
// benchmark gives every run a fresh MIGLINT_NOW, so that go vet's cache of
// analysis results misses while the build cache stays warm.
func Register() {
	flag.Var(versionFlag{}, "V", "print version and exit")
}

type versionFlag struct{}

func (versionFlag) IsBoolFlag() bool { return true }
func (versionFlag) Get() any         { return nil }
func (versionFlag) String() string   { return "" }
func (versionFlag) Set(s string) error {
	if s != "full" {
		return fmt.Errorf("unsupported flag value: -V=%s (use -V=full)", s)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	f, err := os.Open(exe)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return err
	}
	fmt.Fprintf(h, "\x00MIGLINT_NOW=%s", os.Getenv("MIGLINT_NOW"))
	fmt.Printf("%s version devel buildID=%x\n", filepath.Base(exe), h.Sum(nil))
	os.Exit(0)
	return nil
}
