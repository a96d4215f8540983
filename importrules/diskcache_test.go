package importrules

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
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
	m, err := filepath.Glob(filepath.Join(dir, "*.bin"))
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

// TestLoadOncePerProcess: a process loads each file once, and loads it
// again when its bytes change.
func TestLoadOncePerProcess(t *testing.T) {
	cacheHome(t)
	path := writeConfig(t, cachedDoc, "migrations/0001_x/main.go")
	first, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := Load(path); err != nil || again != first {
		t.Errorf("a second Load = %p, %v; want the first one's %p", again, err, first)
	}
	writeFile(t, path, strings.Replace(cachedDoc, "a parallel scan", "a segment scan", 1))
	changed, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if changed == first || changed.Exceptions[0].Reason != "a segment scan" {
		t.Errorf("Load after an edit = %+v; want the edited reason", changed.Exceptions[0])
	}
}

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
	loadedHere.Clear() // as in the next process
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
	writeFile(t, entries[0], string(encodeConfig(&planted)))
	loadedHere.Clear()
	if c, err := Load(path); err != nil || c.Migrations.RetentionMonths != 99 {
		t.Fatalf("Load with a planted entry = %+v, %v; want retention 99 from the cache", c, err)
	}

	// A corrupt entry is parsed again and replaced.
	writeFile(t, entries[0], "not gob")
	loadedHere.Clear()
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

// TestCacheRoundTrip fills every field of a Config, whatever fields it
// has by then, and checks that the cache gives it back unchanged, so that
// a field added to Config without a line in encodeConfig fails here.
func TestCacheRoundTrip(t *testing.T) {
	var c Config
	fill(t, reflect.ValueOf(&c).Elem(), "Config")
	got, err := decodeConfig(encodeConfig(&c))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, &c) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, &c)
	}

	// Nil and empty lists stay apart, as Parse makes them.
	empty := Config{Migrations: Migrations{Roots: []string{}, CleanupMonths: []time.Month{}}}
	if got, err := decodeConfig(encodeConfig(&empty)); err != nil || !reflect.DeepEqual(got, &empty) {
		t.Errorf("round trip of empty lists = %+v, %v", got, err)
	}
	if got, err := decodeConfig(encodeConfig(&Config{})); err != nil || !reflect.DeepEqual(got, &Config{}) {
		t.Errorf("round trip of the zero Config = %+v, %v", got, err)
	}

	// Every truncation of an entry is refused, not misread.
	data := encodeConfig(&c)
	for n := range len(data) {
		if got, err := decodeConfig(data[:n]); err == nil {
			t.Fatalf("decodeConfig of the first %d of %d bytes = %+v, want an error", n, len(data), got)
		}
	}
}

// fill sets every field reachable from v to a value that is not its zero
// value, and distinct enough that a swapped pair of fields shows.
func fill(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	counter++
	switch v.Kind() {
	case reflect.String:
		v.SetString(path + "-" + strconv.Itoa(counter))
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(counter))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(t, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2027, 1, counter%28+1, 0, 0, 0, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			fill(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	default:
		t.Fatalf("%s: fill does not know %s; teach it and encodeConfig", path, v.Type())
	}
}

var counter int

// TestValidated: with Options.Validated (go vet's -V=full checked every
// configuration at the start of the run), ForDir takes a cached
// configuration without a stat per exception; Load still checks.
func TestValidated(t *testing.T) {
	cacheHome(t)
	t.Setenv(EnvConfig, "")
	path := writeConfig(t, cachedDoc, "migrations/0001_x/main.go")
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(filepath.Dir(path), "migrations")); err != nil {
		t.Fatal(err)
	}
	if _, err := ForDir(filepath.Dir(path), Options{Validated: true}); err != nil {
		t.Errorf("ForDir(Validated) of a cached configuration: %v", err)
	}
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Load after the excused file was deleted = %v, want it named", err)
	}
}

// TestValidatedInThisProcess: a trusted load takes what this process
// last validated without reading the file; the next validation, after an
// edit, replaces it.
func TestValidatedInThisProcess(t *testing.T) {
	cacheHome(t)
	t.Setenv(EnvConfig, "")
	path := writeConfig(t, cachedDoc, "migrations/0001_x/main.go")
	dir := filepath.Dir(path)
	validated, err := ForDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(cachedDoc, "a parallel scan", "a segment scan", 1)
	writeFile(t, path, edited)
	if got, err := ForDir(dir, Options{Validated: true}); err != nil || got != validated {
		t.Errorf("trusted ForDir after an edit = %p, %v; want the configuration this run validated, %p", got, err, validated)
	}
	revalidated, err := ForDir(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if revalidated.Exceptions[0].Reason != "a segment scan" {
		t.Fatalf("validation after an edit read %q", revalidated.Exceptions[0].Reason)
	}
	if got, err := ForDir(dir, Options{Validated: true}); err != nil || got != revalidated {
		t.Errorf("trusted ForDir after the next validation = %p, %v; want its configuration %p", got, err, revalidated)
	}
}
