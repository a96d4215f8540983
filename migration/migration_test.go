package migration

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miglint/miglint/importrules"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		name string
		seq  int
		slug string
	}{
		{"0608_remove_root_url", 608, "remove_root_url"},
		{"0001_a", 1, "a"},
		{"10000_split_v2_names", 10000, "split_v2_names"},
		{"0000_init", 0, "init"},
		{"0042_3d_models", 42, "3d_models"},
	}
	for _, tt := range tests {
		seq, slug, err := ParseName(tt.name)
		if err != nil || seq != tt.seq || slug != tt.slug {
			t.Errorf("ParseName(%q) = %d, %q, %v; want %d, %q", tt.name, seq, slug, err, tt.seq, tt.slug)
		}
	}
	for _, name := range []string{
		"608_remove_root_url",  // 3 digits
		"0608-remove-root-url", // dashes
		"0608_Remove_Root_URL", // capitals
		"0608_remove__root",    // empty word
		"0608_remove_root_",    // trailing underscore
		"0608_",                // no slug
		"0608",                 // no slug
		"remove_root_url",      // no number
		"0608_remove root",     // space
		"x0608_remove",         // prefix
		"",
	} {
		if _, _, err := ParseName(name); err == nil || !strings.Contains(err.Error(), "is not NNNN_snake_case_slug") || !strings.Contains(err.Error(), "e.g. 0608_remove_root_url") {
			t.Errorf("ParseName(%q) = %v; want an error explaining NNNN_snake_case_slug", name, err)
		}
	}
	if _, _, err := ParseName("99999999999999999999999_big"); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("ParseName(huge) = %v; want a too-large error", err)
	}
}

const (
	validMain = "// Backfill the status attribute of every order.\n//\n// Execution Time:    2025-06-10 at 08:00:00 UTC\n// Finalization Time: 2025-06-10 at 09:30:00 UTC\npackage main\n\nfunc main() { run() }\n"
	pendMain  = "// Split the full name into given and family names.\n//\n// Execution Time:    pending\n// Finalization Time: pending\npackage main\n\nfunc main() {}\n"
	helper    = "// Package main has helpers here, not the header.\npackage main\n\nfunc run() {}\n"
)

// files creates files (relative path -> content; a trailing slash makes a
// directory) under a new directory and returns it.
func files(t *testing.T, fs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range fs {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFind(t *testing.T) {
	dir := files(t, map[string]string{
		"go.mod":                                 "module example.com/m\n",
		"migrations/0002_backfill/a_helper.go":   helper,
		"migrations/0002_backfill/main.go":       validMain,
		"migrations/0002_backfill/main_test.go":  "package main\n\nfunc broken( {\n", // tests are not read
		"migrations/0001_split_name/main.go":     pendMain,
		"migrations/10000_later/main.go":         "// Fix.\npackage main\n\nfunc main() {}\n",
		"migrations/0003_broken/main.go":         "// Half a file.\npackage main\n\nfunc main() {\n",
		"migrations/0003_broken/helper.go":       helper,
		"migrations/0011_no_clause/main.go":      "// Backfill the status attribute.\nfunc main() {}\n",
		"migrations/0004_empty/":                 "",
		"migrations/0004_empty/README.md":        "no code",
		"migrations/0005_plain_file":             "not a directory",
		"migrations/notes/main.go":               pendMain,
		"migrations/0006_Bad_Name/main.go":       pendMain,
		"migrations/0007_nested/sub/0008_x/a.go": pendMain,
		"elsewhere/0009_outside/main.go":         pendMain,
		"legacy/0002_old_backfill/main.go":       validMain,
	})
	if err := os.Symlink(filepath.Join(dir, "elsewhere", "0009_outside"), filepath.Join(dir, "migrations", "0009_linked")); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	cfg := importrules.Default(dir)
	cfg.Migrations.Roots = []string{"migrations", "legacy", "missing"}
	ms, err := Find(cfg, testNow)
	if err != nil {
		t.Fatal(err)
	}
	root, legacy := filepath.Join(dir, "migrations"), filepath.Join(dir, "legacy")
	want := []struct {
		name, root string
		seq        int
		slug       string
		symlink    bool
		headerErr  string // "" for none
		problems   int
	}{
		{"0001_split_name", root, 1, "split_name", false, "", 0},
		{"0002_backfill", root, 2, "backfill", false, "", 0},
		{"0002_old_backfill", legacy, 2, "old_backfill", false, "", 0},
		{"0003_broken", root, 3, "broken", false, "expected '}'", 0},
		{"0004_empty", root, 4, "empty", false, "has no Go files", 0},
		{"0007_nested", root, 7, "nested", false, "has no Go files", 0},
		{"0009_linked", root, 9, "linked", true, "is a symbolic link", 0},
		{"0011_no_clause", root, 11, "no_clause", false, "expected 'package'", 0},
		{"10000_later", root, 10000, "later", false, "", 3},
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	if len(ms) != len(want) {
		t.Fatalf("Find = %q, want %d migrations", names, len(want))
	}
	for i, w := range want {
		m := ms[i]
		if m.Name != w.name || m.Root != w.root || m.Dir != filepath.Join(w.root, w.name) || m.Seq != w.seq || m.Slug != w.slug || m.Symlink != w.symlink {
			t.Errorf("migration %d = %+v; want %+v", i, m, w)
			continue
		}
		if w.headerErr != "" {
			if m.HeaderErr == nil || !strings.Contains(m.HeaderErr.Error(), w.headerErr) {
				t.Errorf("%s: HeaderErr = %v, want %q", m.Name, m.HeaderErr, w.headerErr)
			}
			continue
		}
		if m.HeaderErr != nil || m.Header == nil {
			t.Errorf("%s: HeaderErr %v, Header %v", m.Name, m.HeaderErr, m.Header)
			continue
		}
		if len(m.Problems) != w.problems {
			t.Errorf("%s: problems %v, want %d", m.Name, m.Problems, w.problems)
		}
		if m.HeaderFile != filepath.Join(m.Dir, "main.go") {
			t.Errorf("%s: HeaderFile = %q, want its main.go", m.Name, m.HeaderFile)
		}
	}
	if h := ms[0].Header; !h.Pending || h.Description != "Split the full name into given and family names." {
		t.Errorf("0001 header = %+v", h)
	}
	if h := ms[1].Header; h.Pending || !h.Finalization.Equal(utc(2025, 6, 10, 9, 30, 0)) || h.Description != "Backfill the status attribute of every order." {
		t.Errorf("0002 header = %+v; want the one in main.go, not the helper's doc", h)
	}
}

func TestFindNoRoot(t *testing.T) {
	ms, err := Find(importrules.Default(t.TempDir()), testNow)
	if err != nil || len(ms) != 0 {
		t.Errorf("Find without a migrations folder = %v, %v; want nothing", ms, err)
	}
}

func TestFindRootIsAFile(t *testing.T) {
	dir := files(t, map[string]string{"migrations": "not a folder"})
	if ms, err := Find(importrules.Default(dir), testNow); err == nil {
		t.Errorf("Find with a file as root = %v; want an error", ms)
	}
}

func parseFiles(t *testing.T, srcs ...string) []*ast.File {
	t.Helper()
	fset := token.NewFileSet()
	var fs []*ast.File
	for i, src := range srcs {
		f, err := parser.ParseFile(fset, string(rune('a'+i))+".go", src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	return fs
}

func TestHeaderFile(t *testing.T) {
	const noDoc = "package main\n\nfunc x() {}\n"
	tests := []struct {
		name string
		srcs []string
		want int
	}{
		{"the file declaring main", []string{helper, validMain}, 1},
		{"main without doc beats a doc comment", []string{helper, "package main\n\nfunc main() {}\n"}, 1},
		{"no main: the first with a doc comment", []string{noDoc, helper}, 1},
		{"neither: the first", []string{noDoc, noDoc}, 0},
		{"a method named main does not count", []string{"package main\n\ntype T int\n\nfunc (T) main() {}\n", helper}, 1},
	}
	for _, tt := range tests {
		fs := parseFiles(t, tt.srcs...)
		if got := HeaderFile(fs); got != fs[tt.want] {
			t.Errorf("%s: HeaderFile picked file %s, want %d", tt.name, got.Name.Name, tt.want)
		}
	}
	fs := parseFiles(t, validMain, helper)
	if fn := MainFunc(fs[0]); fn == nil || fn.Name.Name != "main" {
		t.Errorf("MainFunc(main file) = %v", fn)
	}
	if fn := MainFunc(fs[1]); fn != nil {
		t.Errorf("MainFunc(helper) = %v, want nil", fn)
	}
}
