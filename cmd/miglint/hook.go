package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/internal/cli"
	gitrun "github.com/miglint/miglint/internal/git" // the tests call their helper git
)

const hookUsage = `usage: miglint hook install [--force] | miglint hook uninstall

install writes a git pre-commit hook (where core.hooksPath says, else
.git/hooks) that runs miglint on the module before each commit that changes
Go files, go.mod or importrules.toml, and blocks the commit on findings. It
lints exactly what is staged (the index, checked out into a temporary
directory), not the work tree: unstaged edits and untracked files neither
hide a broken commit nor block a clean one. It refuses to replace an existing hook unless --force. uninstall removes the
hook only if miglint wrote it.
`

// hookMarker identifies a hook this command wrote; uninstall removes
// nothing else.
const hookMarker = "# Installed by \"miglint hook install\"."

func hookCmd(args []string) int {
	fs := flag.NewFlagSet("miglint hook", flag.ContinueOnError)
	force := fs.Bool("force", false, "replace an existing pre-commit hook")
	fs.Usage = func() { fmt.Fprint(fs.Output(), hookUsage) }
	pos, code, ok := cli.ParseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) != 1 || (pos[0] != "install" && pos[0] != "uninstall") {
		fmt.Fprint(os.Stderr, hookUsage)
		return exitError
	}
	path, err := gitOutput("rev-parse", "--path-format=absolute", "--git-path", "hooks/pre-commit")
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint hook: not inside a git work tree (%v); run it in your repository\n", err)
		return exitError
	}
	if pos[0] == "uninstall" {
		return uninstallHook(path)
	}
	return installHook(path, *force)
}

func gitOutput(args ...string) (string, error) {
	out, err := gitrun.Run(".", args...)
	return strings.TrimSpace(out), err
}

func installHook(path string, force bool) int {
	existing, err := os.ReadFile(path)
	switch {
	case err == nil && !force && !bytes.Contains(existing, []byte(hookMarker)):
		fmt.Fprintf(os.Stderr, "miglint hook: %s already exists and miglint did not write it; leaving it alone. Add \"miglint ./...\" to it yourself, or replace it with miglint hook install --force\n", path)
		return exitError
	case err != nil && !errors.Is(err, os.ErrNotExist):
		fmt.Fprintf(os.Stderr, "miglint hook: %v\n", err)
		return exitError
	}
	top, err := gitOutput("rev-parse", "--show-toplevel")
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint hook: %v\n", err)
		return exitError
	}
	// The hook runs at the top of the work tree; the module may sit lower.
	moduleDir := "."
	if root := importrules.ModuleRoot("."); root != "" {
		if rel, err := filepath.Rel(top, root); err == nil && !strings.HasPrefix(rel, "..") {
			moduleDir = filepath.ToSlash(rel)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		exe = "miglint"
	}
	script := fmt.Sprintf(`#!/bin/sh
%s "miglint hook uninstall" removes it.
# Lints the module's migrations before each commit that changes Go files,
# go.mod, go.sum or importrules.toml; any finding blocks the commit.
# It lints exactly what is being committed: the index (GIT_INDEX_FILE when
# git commit sets one), checked out into a temporary directory, or the work
# tree itself when it holds the same. Unstaged edits and untracked files
# are not part of the commit and are not linted.
if git diff --cached --quiet --diff-filter=ACMRD -- '*.go' 'go.mod' 'go.sum' '*importrules.toml'; then
	exit 0
fi
miglint=%s
[ -x "$miglint" ] || miglint=miglint
# When the work tree holds exactly what is staged (no unstaged edit and no
# untracked file among the files that matter), lint it in place, where
# miglint's result cache knows it.
if git diff --quiet -- '*.go' 'go.mod' 'go.sum' '*importrules.toml' &&
	[ -z "$(git ls-files --others -- '*.go' 'go.mod' 'go.sum' '*importrules.toml')" ]; then
	cd ./%s || exit 1
	if ! "$miglint" ./...; then
		echo "miglint: commit blocked by the findings above in the staged files; fix them, git add, and commit again." >&2
		exit 1
	fi
	exit 0
fi
staged=$(mktemp -d "${TMPDIR:-/tmp}/miglint-hook.XXXXXX") || exit 1
trap 'rm -rf "$staged"' EXIT
trap 'exit 1' HUP INT TERM
git checkout-index --all --prefix="$staged/" || exit 1
cd "$staged"/%s || exit 1
if ! "$miglint" ./...; then
	echo "miglint: commit blocked by the findings above in the staged files; fix them, git add, and commit again." >&2
	exit 1
fi
`, hookMarker, shellQuote(exe), shellQuote(moduleDir), shellQuote(moduleDir))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "miglint hook: %v\n", err)
		return exitError
	}
	// Write beside it and rename, so a failure never leaves half a hook.
	tmp := path + ".miglint-tmp"
	if err := os.WriteFile(tmp, []byte(script), 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "miglint hook: %v\n", err)
		return exitError
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		fmt.Fprintf(os.Stderr, "miglint hook: %v\n", err)
		return exitError
	}
	fmt.Printf("Installed the miglint pre-commit hook at %s\n", path)
	return exitClean
}

func uninstallHook(path string) int {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Printf("No pre-commit hook at %s; nothing to remove.\n", path)
		return exitClean
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint hook: %v\n", err)
		return exitError
	}
	if !bytes.Contains(data, []byte(hookMarker)) {
		fmt.Fprintf(os.Stderr, "miglint hook: %s was not written by miglint; leaving it alone\n", path)
		return exitError
	}
	if err := os.Remove(path); err != nil {
		fmt.Fprintf(os.Stderr, "miglint hook: %v\n", err)
		return exitError
	}
	fmt.Printf("Removed the miglint pre-commit hook at %s\n", path)
	return exitClean
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
