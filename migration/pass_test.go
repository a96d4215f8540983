package migration

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/importrules"
)

// passFor parses the named files (paths under dir) into an analysis.Pass.
func passFor(t *testing.T, dir string, names ...string) *analysis.Pass {
	t.Helper()
	fset := token.NewFileSet()
	var fs []*ast.File
	for _, n := range names {
		f, err := parser.ParseFile(fset, filepath.Join(dir, filepath.FromSlash(n)), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	return &analysis.Pass{Fset: fset, Files: fs}
}

func TestForPass(t *testing.T) {
	t.Setenv(importrules.EnvConfig, "")
	t.Setenv(EnvNow, "2026-08-01")
	dir := files(t, map[string]string{
		"go.mod":                            "module example.com/m\n",
		"importrules.toml":                  "[migrations]\nroots = [\"db/migrations\"]\nretention_months = 6\ncleanup_months = [12, 6]\n",
		"db/migrations/0001_a/main.go":      validMain,
		"db/migrations/0001_a/main_test.go": "package main\n",
		"db/migrations/0001_a/run.go":       helper,
		"db/lib/lib.go":                     "package lib\n",
		"db/lib/lib_test.go":                "package lib\n",
	})

	pass := passFor(t, dir, "db/migrations/0001_a/main_test.go", "db/migrations/0001_a/main.go", "db/migrations/0001_a/run.go")
	p, err := ForPass(pass)
	if err != nil {
		t.Fatal(err)
	}
	if p.Dir != filepath.Join(dir, "db", "migrations", "0001_a") || !p.IsMigration || !p.Now.Equal(utc(2026, 8, 1, 0, 0, 0)) ||
		p.Config.Path != filepath.Join(dir, importrules.FileName) {
		t.Errorf("ForPass(migration) = %+v", p)
	}
	var names []string
	for _, f := range p.Files {
		names = append(names, filepath.Base(pass.Fset.File(f.Pos()).Name()))
	}
	if !slices.Equal(names, []string{"main.go", "run.go"}) {
		t.Errorf("Files = %q; want the non-test files", names)
	}
	if r := p.Retention(); r.Months != 6 || !slices.Equal(r.CleanupMonths, []time.Month{time.June, time.December}) {
		t.Errorf("Retention = %+v", r)
	}

	lib, err := ForPass(passFor(t, dir, "db/lib/lib.go", "db/lib/lib_test.go"))
	if err != nil || lib.IsMigration || len(lib.Files) != 1 {
		t.Errorf("ForPass(lib) = %+v, %v; want no migration", lib, err)
	}

	onlyTests, err := ForPass(passFor(t, dir, "db/lib/lib_test.go"))
	if err != nil || onlyTests.IsMigration || onlyTests.Config != nil || len(onlyTests.Files) != 0 {
		t.Errorf("ForPass(tests only) = %+v, %v; want an empty package", onlyTests, err)
	}

	empty, err := ForPass(&analysis.Pass{Fset: token.NewFileSet()})
	if err != nil || empty.Dir != "" || empty.IsMigration {
		t.Errorf("ForPass(no files) = %+v, %v", empty, err)
	}
}

func TestForPassErrors(t *testing.T) {
	t.Setenv(importrules.EnvConfig, "")
	dir := files(t, map[string]string{
		"go.mod":                      "module example.com/m\n",
		"bad/go.mod":                  "module example.com/bad\n",
		"bad/importrules.toml":        "[migrations]\nroot = [\"x\"]\n",
		"bad/migrations/0001_a/a.go":  validMain,
		"good/go.mod":                 "module example.com/good\n",
		"good/migrations/0001_a/a.go": validMain,
	})
	t.Setenv(EnvNow, "2026-08-01")
	if _, err := ForPass(passFor(t, dir, "bad/migrations/0001_a/a.go")); err == nil || !strings.Contains(err.Error(), "migrations.root: unknown key") {
		t.Errorf("ForPass with a broken config: %v", err)
	}
	t.Setenv(EnvNow, "yesterday")
	if _, err := ForPass(passFor(t, dir, "good/migrations/0001_a/a.go")); err == nil || !strings.Contains(err.Error(), EnvNow) {
		t.Errorf("ForPass with a bad %s: %v", EnvNow, err)
	}
}

// TestForPassDependencyModule: a package of a module with a version is
// never a migration, and its own importrules.toml, broken or not, is not
// read.
func TestForPassDependencyModule(t *testing.T) {
	t.Setenv(importrules.EnvConfig, "")
	t.Setenv(EnvNow, "2026-08-01")
	dir := files(t, map[string]string{
		"go.mod":                      "module example.com/helpers\n",
		"importrules.toml":            "[migrations]\nretention_months = \"twelve\"\n",
		"migrations/0001_a/main.go":   validMain,
		"migrations/0001_a/helper.go": helper,
	})
	pass := passFor(t, dir, "migrations/0001_a/main.go")
	if _, err := ForPass(pass); err == nil {
		t.Fatal("ForPass in the main module: no error for a broken importrules.toml")
	}
	pass.Module = &analysis.Module{Path: "example.com/helpers", Version: "v1.2.0"}
	p, err := ForPass(pass)
	if err != nil {
		t.Fatalf("ForPass in a dependency module: %v", err)
	}
	if p.IsMigration || p.Config == nil || p.Config.Path != "" || len(p.Files) != 1 {
		t.Errorf("ForPass in a dependency module = %+v; want the defaults, not a migration", p)
	}
}
