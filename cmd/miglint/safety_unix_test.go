//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// nobody is the user a root test runs miglint as, so that a read-only
// folder is read-only for it.
const nobody = 65534

// runAsUser runs miglint in dir as a user for whom permissions hold: the
// test's own, or nobody when the test runs as root (root may delete in a
// read-only folder). It returns stdout+stderr and the exit code.
func runAsUser(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(miglintBin, args...)
	cmd.Dir, cmd.Env = dir, append(os.Environ(), env...)
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	case err != nil:
		t.Fatalf("miglint %v: %v", args, err)
	}
	return out.String(), 0
}

// giveToUser hands dir's tree to the user runAsUser runs as, and opens
// the folders above it and the binary's to that user.
func giveToUser(t *testing.T, dirs ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		return
	}
	for _, p := range []string{filepath.Dir(miglintBin)} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range dirs {
		if err := os.Chmod(filepath.Dir(dir), 0o755); err != nil {
			t.Fatal(err)
		}
		err := filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
			if err != nil {
				return err
			}
			return os.Lchown(p, nobody, nobody)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// Case 9, outside git: a migration that cannot be removed completely (a
// read-only folder in it) does not stop the clean-up, and the next run
// finds what was moved aside and finishes it.
func TestStaleDeleteFinishesWhatItMovedAside(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	writeFiles(t, dir, map[string]string{
		"go.mod":                                "module example.com/shop\n\ngo 1.26.0\n",
		"migrations/0001_locked/main.go":        oldSource,
		"migrations/0001_locked/data/rows.json": "[]\n",
		"migrations/0002_plain/main.go":         oldSource,
	})
	giveToUser(t, dir, cache)
	locked := filepath.Join(dir, "migrations", "0001_locked", "data")
	if err := os.Chmod(locked, 0o555); err != nil {
		t.Fatal(err)
	}
	aside := filepath.Join(dir, "migrations", ".miglint-deleting-0001_locked")
	t.Cleanup(func() { os.Chmod(filepath.Join(aside, "data"), 0o755); os.Chmod(locked, 0o755) })
	env := []string{"MIGLINT_NOW=2026-11-21", "XDG_CACHE_HOME=" + cache, "HOME=" + cache}

	out, code := runAsUser(t, dir, env, "stale", "--delete")
	if code != exitError {
		t.Errorf("exit %d, want %d: the clean-up is not complete\n%s", code, exitError, out)
	}
	if exists(filepath.Join(dir, "migrations", "0002_plain")) {
		t.Errorf("the clean-up stopped before 0002_plain:\n%s", out)
	}
	for _, want := range []string{"could not delete migrations/0001_locked", ".miglint-deleting-0001_locked", "run miglint stale --delete again", "not deleted (1): migrations/0001_locked"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// The listing points at the leftover; once the folder is writable, the
	// next --delete finishes it.
	if out, _ := runAsUser(t, dir, env, "stale"); !strings.Contains(out, ".miglint-deleting-0001_locked is what an earlier miglint stale --delete could not remove") {
		t.Errorf("stale does not mention the leftover:\n%s", out)
	}
	if err := os.Chmod(filepath.Join(aside, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	out, code = runAsUser(t, dir, env, "stale", "--delete")
	if code != exitClean || !strings.Contains(out, "finished deleting migrations/.miglint-deleting-0001_locked") {
		t.Errorf("second run: exit %d\n%s", code, out)
	}
	if exists(aside) {
		t.Error("the second run left the moved-aside migration")
	}
}
