package setup

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

const (
	mainFile   = "// Backfill totals of every cart.\n//\n// Execution Time:    pending\n// Finalization Time: pending\npackage main\n\nfunc main() { run() }\n"
	helperFile = "package main\n\nfunc run() {}\n"
)

// files writes fs (slash paths under a new directory) and returns the
// directory.
func files(t *testing.T, fs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range fs {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// passFor parses the named files (paths under dir) into a pass of a
// package of the main module example.com/m.
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
	return &analysis.Pass{Fset: fset, Files: fs, Pkg: types.NewPackage("example.com/m/x", "x"),
		Module: &analysis.Module{Path: "example.com/m"}}
}

func describe(t *testing.T, pass *analysis.Pass) (*Package, error) {
	t.Helper()
	loaded.Clear()
	p, err := run(pass)
	if err != nil {
		return nil, err
	}
	return p.(*Package), nil
}

func TestRun(t *testing.T) {
	t.Setenv(importrules.EnvConfig, "")
	t.Setenv(migration.EnvNow, "2026-08-01")
	dir := files(t, map[string]string{
		"go.mod":                            "module example.com/m\n",
		"importrules.toml":                  "[migrations]\nroots = [\"db/migrations\"]\nretention_months = 6\ncleanup_months = [12, 6]\n",
		"db/migrations/0001_a/main.go":      mainFile,
		"db/migrations/0001_a/main_test.go": "package main\n",
		"db/migrations/0001_a/run.go":       helperFile,
		"db/lib/lib.go":                     "package lib\n",
		"db/lib/lib_test.go":                "package lib\n",
	})

	pass := passFor(t, dir, "db/migrations/0001_a/main_test.go", "db/migrations/0001_a/main.go", "db/migrations/0001_a/run.go")
	p, err := describe(t, pass)
	if err != nil {
		t.Fatal(err)
	}
	if p.Dir != filepath.Join(dir, "db", "migrations", "0001_a") || !p.IsMigration || p.IsDependency ||
		!p.Now.Equal(time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)) || p.Config.Path != filepath.Join(dir, importrules.FileName) {
		t.Errorf("setup(migration) = %+v", p)
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

	lib, err := describe(t, passFor(t, dir, "db/lib/lib.go", "db/lib/lib_test.go"))
	if err != nil || lib.IsMigration || len(lib.Files) != 1 {
		t.Errorf("setup(lib) = %+v, %v; want no migration", lib, err)
	}
	// A package of nothing but tests is never a migration, but it has
	// its configuration: an exception may name one of its files.
	onlyTests, err := describe(t, passFor(t, dir, "db/lib/lib_test.go"))
	if err != nil || onlyTests.IsMigration || onlyTests.Config == nil || len(onlyTests.Files) != 0 {
		t.Errorf("setup(tests only) = %+v, %v; want a configured package without files", onlyTests, err)
	}
	empty, err := describe(t, &analysis.Pass{Fset: token.NewFileSet(), Pkg: types.NewPackage("example.com/m/y", "y")})
	if err != nil || empty.Dir != "" || empty.IsMigration || empty.Config != nil {
		t.Errorf("setup(no files) = %+v, %v", empty, err)
	}
}

func TestRunErrors(t *testing.T) {
	t.Setenv(importrules.EnvConfig, "")
	dir := files(t, map[string]string{
		"bad/go.mod":                  "module example.com/bad\n",
		"bad/importrules.toml":        "[migrations]\nroot = [\"x\"]\n",
		"bad/migrations/0001_a/a.go":  mainFile,
		"good/go.mod":                 "module example.com/good\n",
		"good/migrations/0001_a/a.go": mainFile,
	})
	t.Setenv(migration.EnvNow, "2026-08-01")
	if _, err := describe(t, passFor(t, dir, "bad/migrations/0001_a/a.go")); err == nil || !strings.Contains(err.Error(), "migrations.root: unknown key") {
		t.Errorf("setup with a broken config: %v", err)
	}
	t.Setenv(migration.EnvNow, "yesterday")
	if _, err := describe(t, passFor(t, dir, "good/migrations/0001_a/a.go")); err == nil || !strings.Contains(err.Error(), migration.EnvNow) {
		t.Errorf("setup with a bad %s: %v", migration.EnvNow, err)
	}
}

// TestDependencyModule: a package of a module with a version is never a
// migration, and its own importrules.toml, broken or not, is not read.
func TestDependencyModule(t *testing.T) {
	t.Setenv(importrules.EnvConfig, "")
	t.Setenv(migration.EnvNow, "2026-08-01")
	dir := files(t, map[string]string{
		"go.mod":                      "module example.com/helpers\n",
		"importrules.toml":            "[migrations]\nretention_months = \"twelve\"\n",
		"migrations/0001_a/main.go":   mainFile,
		"migrations/0001_a/helper.go": helperFile,
	})
	pass := passFor(t, dir, "migrations/0001_a/main.go")
	if _, err := describe(t, pass); err == nil {
		t.Fatal("setup in the main module: no error for a broken importrules.toml")
	}
	pass.Module = &analysis.Module{Path: "example.com/helpers", Version: "v1.2.0"}
	p, err := describe(t, pass)
	if err != nil {
		t.Fatalf("setup in a dependency module: %v", err)
	}
	if p.IsMigration || !p.IsDependency || p.Config == nil || p.Config.Path != "" || len(p.Files) != 1 {
		t.Errorf("setup in a dependency module = %+v; want the defaults, not a migration", p)
	}
}

// TestDependencyInModuleCache: golangci-lint gives every pass an empty
// Module; a package whose files lie in the module cache is a dependency
// all the same, and its own importrules.toml is not read.
func TestDependencyInModuleCache(t *testing.T) {
	t.Setenv(importrules.EnvConfig, "")
	t.Setenv(migration.EnvNow, "2026-08-01")
	dir := files(t, map[string]string{
		"mod/example.com/helpers@v1.2.0/go.mod":                    "module example.com/helpers\n",
		"mod/example.com/helpers@v1.2.0/importrules.toml":          "[migrations]\nretention_months = \"twelve\"\n",
		"mod/example.com/helpers@v1.2.0/migrations/0001_a/main.go": mainFile,
	})
	pass := passFor(t, dir, "mod/example.com/helpers@v1.2.0/migrations/0001_a/main.go")
	pass.Module = &analysis.Module{}
	t.Setenv("GOMODCACHE", filepath.Join(dir, "elsewhere"))
	if _, err := describe(t, pass); err == nil {
		t.Fatal("outside the module cache: no error for a broken importrules.toml")
	}
	t.Setenv("GOMODCACHE", filepath.Join(dir, "mod"))
	p, err := describe(t, pass)
	if err != nil {
		t.Fatalf("setup in the module cache: %v", err)
	}
	if p.IsMigration || !p.IsDependency || p.Config == nil || p.Config.Path != "" {
		t.Errorf("setup in the module cache = %+v; want a dependency with the defaults", p)
	}
}
