// Package git runs the git command for miglint: the one place that starts
// git, so that every caller gets git's own message on failure and never
// reads a user's pager or locale settings.
package git

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// Run runs git with args in dir and returns its standard output. When git
// fails, the error carries the subcommand and git's standard error.
func Run(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		sub := "git"
		if len(args) > 0 {
			sub += " " + args[0]
		}
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", fmt.Errorf("%s: %s", sub, msg)
		}
		var notFound *exec.Error
		if errors.As(err, &notFound) {
			return "", fmt.Errorf("%s: git is not installed or not on PATH", sub)
		}
		return "", fmt.Errorf("%s: %v", sub, err)
	}
	return stdout.String(), nil
}

// TopLevel returns the top of the git work tree holding dir, with
// symbolic links resolved, or an error outside a work tree.
func TopLevel(dir string) (string, error) {
	out, err := Run(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", err
	}
	top := strings.TrimSpace(out)
	if top == "" {
		return "", fmt.Errorf("git rev-parse: %s is not inside a work tree", dir)
	}
	if real, err := filepath.EvalSymlinks(top); err == nil {
		top = real
	}
	return top, nil
}

// Pathspec turns path (absolute, or relative to the directory git runs
// in) into a pathspec that matches exactly that path, even when it holds
// characters git would read as a glob or magic.
func Pathspec(path string) string {
	return ":(literal)" + filepath.ToSlash(path)
}
