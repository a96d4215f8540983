package importrules

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// cacheHome points the user cache directory at a new temporary directory
// and returns the folder that Load's entries go to.
func cacheHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, "cache"))
	base, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(base, "miglint", "importrules")
}

func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.gob"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const cachedDoc = rule + `
[[exception]]
rule = "raw-dynamodb"
file = "migrations/0001_x/main.go"
import = "github.com/aws/aws-sdk-go-v2/service/dynamodb"
reason = "a parallel scan"
`

func TestLoadUsesCache(t *testing.T) {
	dir := cacheHome(t)
	path := writeConfig(t, cachedDoc, "migrations/0001_x/main.go")
	first, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	entries := cacheEntries(t, dir)
	if len(entries) != 1 {
		t.Fatalf("cache entries after the first Load = %q, want one", entries)
	}
	second, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("Load from the cache = %+v\nwant what Parse gave: %+v", second, first)
	}

	// The second Load really reads the entry: plant a different one.
	planted := *first
	planted.Migrations.RetentionMonths = 99
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&planted); err != nil {
		t.Fatal(err)
	}
	writeFile(t, entries[0], buf.String())
	if c, err := Load(path); err != nil || c.Migrations.RetentionMonths != 99 {
		t.Fatalf("Load with a planted entry = %+v, %v; want retention 99 from the cache", c, err)
	}

	// A corrupt entry is parsed again and replaced.
	writeFile(t, entries[0], "not gob")
	if c, err := Load(path); err != nil || !reflect.DeepEqual(c, first) {
		t.Fatalf("Load with a corrupt entry = %+v, %v; want %+v", c, err, first)
	}
	if c := readCached(entries[0]); !reflect.DeepEqual(c, first) {
		t.Errorf("entry after a corrupt one = %+v, want it rewritten", c)
	}

	// An edit is a new entry with the new content.
	writeFile(t, path, cachedDoc+"\n[migrations]\nretention_months = 24\n")
	if c, err := Load(path); err != nil || c.Migrations.RetentionMonths != 24 {
		t.Fatalf("Load after an edit = %+v, %v; want retention 24", c, err)
	}
	if n := len(cacheEntries(t, dir)); n != 2 {
		t.Errorf("%d cache entries after an edit, want 2", n)
	}
}

func TestLoadCacheRechecksExceptionFiles(t *testing.T) {
	cacheHome(t)
	path := writeConfig(t, cachedDoc, "migrations/0001_x/main.go")
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(filepath.Dir(path), "migrations")); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil {
		t.Fatal("Load after the excused file was deleted: no error; a cached result must not hide it")
	}
	errs := configErrors(t, err)
	if len(errs) != 1 || errs[0].Line != 7 || errs[0].Key != "exception[1].file" || !strings.Contains(errs[0].Msg, "does not exist") {
		t.Errorf("errors = %v; want line 7, exception[1].file, does not exist", err)
	}
}

func TestLoadDoesNotCacheErrors(t *testing.T) {
	dir := cacheHome(t)
	path := writeConfig(t, cachedDoc) // the excused file is missing
	for range 2 {
		if _, err := Load(path); err == nil {
			t.Fatal("Load: no error for a missing exception file")
		}
	}
	if e := cacheEntries(t, dir); len(e) != 0 {
		t.Errorf("cache entries for an invalid file: %q", e)
	}
}

func TestLoadWithoutUsableCache(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	blocker := filepath.Join(home, "cache")
	writeFile(t, blocker, "a file where the cache directory would be")
	t.Setenv("XDG_CACHE_HOME", blocker)
	path := writeConfig(t, cachedDoc, "migrations/0001_x/main.go")
	for range 2 {
		c, err := Load(path)
		if err != nil || len(c.Exceptions) != 1 {
			t.Fatalf("Load with an unusable cache directory = %+v, %v", c, err)
		}
	}
}
