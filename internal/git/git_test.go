package git

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunAndTopLevel(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	if _, err := Run(dir, "init", "-q"); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	top, err := TopLevel(sub)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := filepath.EvalSymlinks(dir)
	if top != want {
		t.Errorf("TopLevel = %q, want %q", top, want)
	}

	// A file whose name is a glob is matched literally, and only it.
	for _, name := range []string{"a/*.go", "a/x.go"} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := Run(dir, "status", "--porcelain", "--untracked-files=all", "--", Pathspec("a/*.go"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "x.go") || !strings.Contains(out, "*.go") {
		t.Errorf("literal pathspec matched %q", out)
	}

	// git's own message on failure, with the subcommand.
	_, err = Run(dir, "rm", "--", "nope")
	if err == nil || !strings.HasPrefix(err.Error(), "git rm: ") || !strings.Contains(err.Error(), "nope") {
		t.Errorf("err = %v", err)
	}
	outside := t.TempDir()
	if _, err := TopLevel(outside); err == nil || !strings.Contains(err.Error(), "not a git repository") {
		t.Errorf("TopLevel outside a repository: %v", err)
	}
}
