package importrules

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// tree creates the files (relative, slash-separated; a trailing slash
// makes a directory) under a new directory and returns it.
func tree(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if strings.HasSuffix(f, "/") {
			mkdir(t, p)
			continue
		}
		mkdir(t, filepath.Dir(p))
		content := ""
		if filepath.Base(p) == "go.mod" {
			content = "module example.com/m\n"
		}
		writeFile(t, p, content)
	}
	return dir
}

func TestFind(t *testing.T) {
	t.Setenv(EnvConfig, "")
	tests := []struct {
		name     string
		files    []string
		from     string // directory to search from, relative
		config   string // want, relative; "" for none
		rootWant string // want moduleRoot, relative
	}{
		{
			name:     "config next to go.mod",
			files:    []string{"go.mod", "importrules.toml", "migrations/0001_a/"},
			from:     "migrations/0001_a",
			config:   "importrules.toml",
			rootWant: ".",
		},
		{
			name:     "nearest config wins",
			files:    []string{"go.mod", "importrules.toml", "svc/importrules.toml", "svc/migrations/0001_a/"},
			from:     "svc/migrations/0001_a",
			config:   "svc/importrules.toml",
			rootWant: "svc",
		},
		{
			name:     "not beyond go.mod",
			files:    []string{"importrules.toml", "mod/go.mod", "mod/migrations/0001_a/"},
			from:     "mod/migrations/0001_a",
			config:   "",
			rootWant: "mod",
		},
		{
			name:     "config in the module root's own directory",
			files:    []string{"go.mod", "importrules.toml"},
			from:     ".",
			config:   "importrules.toml",
			rootWant: ".",
		},
		{
			name:     "a directory named importrules.toml is no config",
			files:    []string{"go.mod", "importrules.toml/", "pkg/"},
			from:     "pkg",
			config:   "",
			rootWant: ".",
		},
		{
			name:     "outside a module",
			files:    []string{"a/b/"},
			from:     "a/b",
			config:   "",
			rootWant: "a/b",
		},
	}
	// A Finder answers as Find does, the first time and from memory.
	var finder Finder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t, tt.files...)
			from := filepath.Join(dir, filepath.FromSlash(tt.from))
			want := ""
			if tt.config != "" {
				want = filepath.Join(dir, filepath.FromSlash(tt.config))
			}
			for _, find := range []struct {
				name string
				find func(string) (string, string)
			}{{"Find", Find}, {"Finder.Find", finder.Find}, {"Finder.Find again", finder.Find}} {
				if config, root := find.find(from); config != want || root != filepath.Join(dir, tt.rootWant) {
					t.Errorf("%s = %q, %q; want %q, %q", find.name, config, root, want, filepath.Join(dir, tt.rootWant))
				}
			}
		})
	}
}

func TestFindRelativeDir(t *testing.T) {
	t.Setenv(EnvConfig, "")
	dir := tree(t, "go.mod", "importrules.toml", "migrations/0001_a/")
	t.Chdir(filepath.Join(dir, "migrations"))
	config, root := Find("0001_a")
	if config != filepath.Join(dir, FileName) || root != dir {
		t.Errorf("Find(relative) = %q, %q; want %q, %q", config, root, filepath.Join(dir, FileName), dir)
	}
}

func TestFindEnvOverride(t *testing.T) {
	dir := tree(t, "go.mod", "importrules.toml", "etc/miglint.toml", "migrations/0001_a/")
	t.Setenv(EnvConfig, filepath.Join(dir, "etc", "miglint.toml"))
	config, root := Find(filepath.Join(dir, "migrations", "0001_a"))
	if want := filepath.Join(dir, "etc", "miglint.toml"); config != want || root != filepath.Join(dir, "etc") {
		t.Errorf("Find = %q, %q; want %q, %q", config, root, want, filepath.Join(dir, "etc"))
	}

	// A relative MIGLINT_CONFIG is relative to the working directory.
	t.Chdir(dir)
	t.Setenv(EnvConfig, filepath.Join("etc", "miglint.toml"))
	if config, _ := Find(filepath.Join(dir, "migrations")); config != filepath.Join(dir, "etc", "miglint.toml") {
		t.Errorf("Find with relative %s = %q", EnvConfig, config)
	}
}

func TestModuleRoot(t *testing.T) {
	dir := tree(t, "go.mod", "a/b/", "sub/go.mod", "sub/c/")
	tests := []struct{ from, want string }{
		{".", dir},
		{"a/b", dir},
		{"sub", filepath.Join(dir, "sub")},
		{"sub/c", filepath.Join(dir, "sub")},
	}
	for _, tt := range tests {
		if got := ModuleRoot(filepath.Join(dir, tt.from)); got != tt.want {
			t.Errorf("ModuleRoot(%s) = %q, want %q", tt.from, got, tt.want)
		}
	}
}

func TestForDir(t *testing.T) {
	t.Setenv(EnvConfig, "")
	dir := tree(t, "go.mod", "migrations/0001_a/", "migrations/0002_b/", "svc/go.mod", "svc/pkg/", "bad/go.mod", "bad/pkg/")
	writeFile(t, filepath.Join(dir, FileName), "[migrations]\nretention_months = 3\n")
	writeFile(t, filepath.Join(dir, "bad", FileName), "[migrations]\nretention_month = 3\n")

	a, err := ForDir(filepath.Join(dir, "migrations", "0001_a"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Path != filepath.Join(dir, FileName) || a.Migrations.RetentionMonths != 3 {
		t.Errorf("ForDir = %+v; want the config with retention_months = 3", a)
	}
	b, err := ForDir(filepath.Join(dir, "migrations", "0002_b"), Options{})
	if err != nil || !reflect.DeepEqual(b, a) {
		t.Errorf("second package of the same config: %+v, %v; want %+v", b, err, a)
	}

	// No file: the defaults, relative to the module root.
	d, err := ForDir(filepath.Join(dir, "svc", "pkg"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Path != "" || d.Dir != filepath.Join(dir, "svc") || d.Migrations.RetentionMonths != 12 || len(d.Forbidden) != 0 {
		t.Errorf("ForDir without a config = %+v; want Default(%q)", d, filepath.Join(dir, "svc"))
	}

	// A broken file is an error naming it, every time it is asked for.
	for range 2 {
		c, err := ForDir(filepath.Join(dir, "bad", "pkg"), Options{})
		if err == nil || c != nil || !strings.Contains(err.Error(), filepath.Join(dir, "bad", FileName)+":2: migrations.retention_month: unknown key") {
			t.Errorf("ForDir(bad) = %v, %v; want the unknown-key error", c, err)
		}
	}
}

func TestForDirEnvOverride(t *testing.T) {
	dir := tree(t, "go.mod", "pkg/", "conf/db/migrations/")
	p := filepath.Join(dir, "conf", "custom.toml")
	writeFile(t, p, "[migrations]\nroots = [\"db/migrations\"]\n")
	t.Setenv(EnvConfig, p)
	c, err := ForDir(filepath.Join(dir, "pkg"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != p || c.Dir != filepath.Join(dir, "conf") || c.RootDirs()[0] != filepath.Join(dir, "conf", "db", "migrations") {
		t.Errorf("ForDir with %s = %+v", EnvConfig, c)
	}

	t.Setenv(EnvConfig, filepath.Join(dir, "conf", "missing.toml"))
	if _, err := ForDir(filepath.Join(dir, "conf"), Options{}); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ForDir with a missing %s file = %v; want a not-exist error", EnvConfig, err)
	}
}
