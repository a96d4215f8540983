package stale

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miglint/miglint/importrules"
)

var now = time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)

func fixture(t *testing.T) (*importrules.Config, string) {
	t.Helper()
	dir := t.TempDir()
	for name, fin := range map[string]string{"0001_old": "2020-01-01 at 10:00:00 UTC", "0002_older": "2019-01-01 at 10:00:00 UTC"} {
		p := filepath.Join(dir, "migrations", name)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		src := "// Backfill the totals of every cart.\n//\n// Execution Time:    " + fin + "\n// Finalization Time: " + fin + "\npackage main\n\nfunc main() { println() }\n"
		for _, f := range []string{"main.go", "helper.go"} {
			if err := os.WriteFile(filepath.Join(p, f), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return importrules.Default(dir), dir
}

// A removal that fails halfway must not leave a half-deleted migration in
// its place: the migration is moved aside whole first.
func TestDeleteFailureLeavesNothingHalfRemoved(t *testing.T) {
	cfg, dir := fixture(t)
	r, err := Find(cfg, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Stale) != 2 {
		t.Fatalf("stale = %+v", r.Stale)
	}
	d := &Deleter{remove: func(p string) error {
		os.Remove(filepath.Join(p, "helper.go")) // half done, then fails
		return errors.New("disk on fire")
	}}
	err = d.Delete(cfg, r.Stale[0])
	if err == nil || !strings.Contains(err.Error(), "disk on fire") || !strings.Contains(err.Error(), "remove it by hand") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "migrations", "0001_old")); !os.IsNotExist(err) {
		t.Errorf("a half-removed migration is still in its place: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "migrations", "0002_older", "helper.go")); err != nil {
		t.Errorf("the other migration was touched: %v", err)
	}

	// A rename that fails removes nothing at all.
	os.RemoveAll(filepath.Join(dir, "migrations", "0002_older"))
	if err := d.Delete(cfg, r.Stale[1]); err == nil {
		t.Error("deleting a vanished migration succeeded")
	}
}

func TestDeleteRefusesOutsideRoots(t *testing.T) {
	cfg, dir := fixture(t)
	r, err := Find(cfg, now)
	if err != nil {
		t.Fatal(err)
	}
	e := r.Stale[0]
	e.dir = filepath.Join(dir, "elsewhere", e.Name)
	d := &Deleter{remove: os.RemoveAll}
	if err := d.Delete(cfg, e); !errors.Is(err, ErrRefused) {
		t.Errorf("err = %v, want ErrRefused", err)
	}
	e.dir = filepath.Join(dir, "migrations")
	if err := d.Delete(cfg, e); !errors.Is(err, ErrRefused) {
		t.Errorf("deleting the root itself: err = %v, want ErrRefused", err)
	}
}
