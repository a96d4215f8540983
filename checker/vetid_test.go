package checker

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestConfigFiles(t *testing.T) {
	t.Setenv("GOWORK", "")
	root := t.TempDir()
	for _, f := range []string{
		"go.mod",
		"importrules.toml",
		"migrations/importrules.toml",
		"testdata/importrules.toml",
		".git/importrules.toml",
		"nested/go.mod",
		"nested/importrules.toml",
	} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{filepath.Join(root, "importrules.toml"), filepath.Join(root, "migrations", "importrules.toml")}
	if got := configFiles(filepath.Join(root, "migrations")); !slices.Equal(got, want) {
		t.Errorf("configFiles = %q,\nwant %q (a nested module, testdata and dot directories are not ./... of this module)", got, want)
	}

	// In a workspace every module's configuration counts.
	if err := os.WriteFile(filepath.Join(root, "go.work"), []byte("go 1.22\nuse (. ./nested)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want = append(want[:1], filepath.Join(root, "migrations", "importrules.toml"), filepath.Join(root, "nested", "importrules.toml"))
	if got := configFiles(root); !slices.Equal(got, want) {
		t.Errorf("configFiles in a go.work = %q,\nwant %q", got, want)
	}
}
