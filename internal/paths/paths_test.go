package paths

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRel(t *testing.T) {
	root := filepath.FromSlash("/repo/svc")
	for _, c := range []struct {
		path, want string
		ok         bool
	}{
		{"/repo/svc", ".", true},
		{"/repo/svc/migrations/0001_a", "migrations/0001_a", true},
		{"/repo/svc2/x", "/repo/svc2/x", false},
		{"/repo", "/repo", false},
		{"/other/..svc", "/other/..svc", false},
		{"/repo/svc/..data/x", "..data/x", true},
	} {
		p := filepath.FromSlash(c.path)
		got, ok := Rel(root, p)
		if got != filepath.FromSlash(c.want) || ok != c.ok {
			t.Errorf("Rel(%q) = %q, %v; want %q, %v", c.path, got, ok, c.want, c.ok)
		}
	}
	if _, ok := Rel("", "/x"); ok {
		t.Error(`Rel("", ...) claims a path inside no directory`)
	}
}

func TestDisplay(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if got := Display(filepath.Join(dir, "a", "b.go")); got != filepath.Join("a", "b.go") {
		t.Errorf("Display inside the working directory = %q", got)
	}
	outside := filepath.Dir(dir)
	if got := Display(outside); got != outside {
		t.Errorf("Display outside = %q, want it unchanged", got)
	}
	if got := Display("rel/x.go"); got != "rel/x.go" {
		t.Errorf("Display of a relative path = %q", got)
	}
}

func TestFindUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "a", "go.mod"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if d, ok := FindUp(deep, "go.mod"); !ok || d != filepath.Join(root, "a") {
		t.Errorf("FindUp(go.mod) = %q, %v", d, ok)
	}
	if d, ok := FindUp(deep, "no-such-file-here.xyz"); ok {
		t.Errorf("FindUp of a missing name = %q, true", d)
	}
}
