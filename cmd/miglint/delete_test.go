package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

func TestDeleteRefusesOutsideRoots(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"migrations/0001_old/main.go": migrationSource("Backfill the totals of every cart.", "2020-01-01 at 10:00:00 UTC", "2020-01-01 at 10:30:00 UTC"),
	})
	cfg := importrules.Default(dir)
	r, err := migration.FindStale(cfg, time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC))
	if err != nil || len(r.Stale) != 1 {
		t.Fatalf("FindStale: %+v, %v", r, err)
	}
	e := r.Stale[0]
	d := &deleter{}
	for _, bad := range []string{filepath.Join(dir, "elsewhere", e.Name), filepath.Join(dir, "migrations")} {
		e.Dir = bad
		if err := d.delete(cfg, e); !errors.Is(err, errRefused) {
			t.Errorf("delete %s: err = %v, want errRefused", bad, err)
		}
	}
	if !exists(filepath.Join(dir, "migrations", "0001_old", "main.go")) {
		t.Error("a refused deletion removed files")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
}
