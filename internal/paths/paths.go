// Package paths answers the two questions about file paths that miglint
// asks everywhere: does a path lie inside a directory, and how to show a
// path to the user.
package paths

import (
	"os"
	"path/filepath"
	"strings"
)

// Rel returns path relative to dir and true when path is dir or lies
// below it; otherwise path and false.
func Rel(dir, path string) (string, bool) {
	if dir == "" {
		return path, false
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return path, false
	}
	return rel, true
}

// Within reports whether path is dir or lies below it.
func Within(path, dir string) bool {
	_, ok := Rel(dir, path)
	return ok
}

// Display returns path relative to the working directory when it lies
// below it, else path: how findings, errors and messages name files.
func Display(path string) string {
	if !filepath.IsAbs(path) {
		return path
	}
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, _ := Rel(wd, path)
	return rel
}

// FindUp returns the first directory at or above dir that holds an entry
// named name (a go.mod, a go.work, a .git), and whether there is one.
func FindUp(dir, name string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, name)); err == nil {
			return d, true
		}
		if filepath.Dir(d) == d {
			return "", false
		}
	}
}
