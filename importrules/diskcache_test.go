package importrules

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/wire"
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
	e := readCached(entries[0])
	writeCached(entries[0], cached{sig: e.sig, sum: e.sum}, &planted)
	loadedHere.Clear()
	if c, err := Load(path); err != nil || c.Migrations.RetentionMonths != 99 {
		t.Fatalf("Load with a planted entry = %+v, %v; want retention 99 from the cache", c, err)
	}

	// A corrupt entry is parsed again and replaced.
	var header wire.Writer // a valid entry's header, a corrupt configuration
	header.String(e.sig)
	header.String(e.sum)
	for _, corrupt := range []string{"not wire", string(header.Buf) + "\xff"} {
		writeFile(t, entries[0], corrupt)
		loadedHere.Clear()
		if c, err := Load(path); err != nil || !reflect.DeepEqual(c, first) {
			t.Fatalf("Load with the corrupt entry %q = %+v, %v; want %+v", corrupt, c, err, first)
		}
		if c, err := decodeConfig(readCached(entries[0]).config); err != nil || !reflect.DeepEqual(c, first) {
			t.Errorf("entry after the corrupt one %q = %+v, %v; want it rewritten", corrupt, c, err)
		}
	}

	// An edit replaces the entry with the new content.
	writeFile(t, path, cachedDoc+"\n[migrations]\nretention_months = 24\n")
	if c, err := Load(path); err != nil || c.Migrations.RetentionMonths != 24 {
		t.Fatalf("Load after an edit = %+v, %v; want retention 24", c, err)
	}
	entries = cacheEntries(t, dir)
	if len(entries) != 1 {
		t.Fatalf("cache entries after an edit = %q, want one", entries)
	}
	if c, err := decodeConfig(readCached(entries[0]).config); err != nil || c.Migrations.RetentionMonths != 24 {
		t.Errorf("entry after an edit = %+v, %v; want retention 24", c, err)
	}
}

// TestLoadCacheSignature: a process whose stat of the file matches the
// entry's takes the entry without reading the file; a file that had not
// settled when it was read is compared byte for byte until it has.
func TestLoadCacheSignature(t *testing.T) {
	dir := cacheHome(t)
	path := writeConfig(t, cachedDoc, "migrations/0001_x/main.go")
	settle := func(d time.Duration) {
		old := settleTime
		settleTime = d
		t.Cleanup(func() { settleTime = old })
	}
	load := func() *Config {
		t.Helper()
		loadedHere.Clear() // as in the next process
		c, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	entry := func() *cached {
		t.Helper()
		entries := cacheEntries(t, dir)
		if len(entries) != 1 {
			t.Fatalf("cache entries = %q, want one", entries)
		}
		return readCached(entries[0])
	}
	// plant replaces the entry's configuration, keeping what it says of
	// the file, so that a Load that returns it has not parsed the file.
	plant := func(sig string, retention int) {
		t.Helper()
		c := *load()
		c.Migrations.RetentionMonths = retention
		writeCached(cacheEntries(t, dir)[0], cached{sig: sig, sum: entry().sum}, &c)
	}

	// Just written: no signature yet, so the bytes are compared.
	settle(time.Hour)
	first := load()
	if e := entry(); e.sig != "" {
		t.Fatalf("entry of a file changed just now has the signature %x; want none", e.sig)
	}
	plant("", 99)
	if c := load(); c.Migrations.RetentionMonths != 99 {
		t.Errorf("Load with matching bytes = retention %d, want the entry's 99", c.Migrations.RetentionMonths)
	}
	writeFile(t, path, strings.Replace(cachedDoc, "a parallel scan", "a parallel span", 1))
	if c := load(); c.Exceptions[0].Reason != "a parallel span" {
		t.Errorf("Load after a same-size edit of an unsettled file = %q, want the new reason", c.Exceptions[0].Reason)
	}
	writeFile(t, path, cachedDoc)

	// Settled: the next reader records the signature, and the one after
	// it takes the entry on the signature alone.
	settle(0)
	if c := load(); !reflect.DeepEqual(c, first) {
		t.Fatalf("Load = %+v, want %+v", c, first)
	}
	sig := entry().sig
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if sig == "" || sig != statSig(st) {
		t.Fatalf("entry signature %x after a settled read, want the file's %x", sig, statSig(st))
	}
	writeCached(cacheEntries(t, dir)[0], cached{sig: sig, sum: "not the file's"}, &Config{Path: "planted"})
	if c := load(); c.Path != "planted" {
		t.Errorf("Load with a matching signature = %+v; want the entry, the file unread", c)
	}

	// A same-size edit with the modification time set back still shows
	// in the change time.
	writeCached(cacheEntries(t, dir)[0], cached{sig: sig, sum: entry().sum}, first)
	writeFile(t, path, strings.Replace(cachedDoc, "a parallel scan", "a parallel span", 1))
	if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "linux" {
		return // the modification time alone cannot tell this edit
	}
	if c := load(); c.Exceptions[0].Reason != "a parallel span" {
		t.Errorf("Load after a same-size edit, its time set back = %q, want the new reason", c.Exceptions[0].Reason)
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

	// Values that repeat the exception before, as most do, come back the
	// same; so does a change in only one of them.
	repeated := Config{Exceptions: []Exception{
		{Rule: "raw", File: "a.go", Import: "p", Reason: "r", Line: 1},
		{Rule: "raw", File: "b.go", Import: "p", Reason: "r", Line: 2},
		{Rule: "raw", File: "b.go", Import: "q", Reason: "r", Line: 3},
		{Rule: "", File: "", Import: "", Reason: "", Line: 4},
	}}
	if got, err := decodeConfig(encodeConfig(&repeated)); err != nil || !reflect.DeepEqual(got, &repeated) {
		t.Errorf("round trip of repeated exception values:\n got %+v, %v\nwant %+v", got, err, &repeated)
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

// BenchmarkDecodeConfig: what a go vet process spends reading a cached
// configuration of 150 exceptions (bench/gen writes about that many for
// 1,000 migrations).
func BenchmarkDecodeConfig(b *testing.B) {
	c := Default("/src/shop")
	c.Forbidden = []Rule{{Name: "raw-dynamodb", Packages: []string{"github.com/aws/aws-sdk-go-v2/service/dynamodb/..."},
		Allow: []string{"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"}, Via: []string{"example.com/shop/dbmodel/..."},
		Indirect: true, Message: "write through example.com/shop/dbmodel", Line: 8}}
	for i := range 150 {
		c.Exceptions = append(c.Exceptions, Exception{Rule: "raw-dynamodb", File: fmt.Sprintf("migrations/%04d_migration/main.go", i),
			Import: "github.com/aws/aws-sdk-go-v2/service/dynamodb", Reason: "needs a raw scan segment that dbmodel lacks", Line: 15 + 6*i})
	}
	data := encodeConfig(c)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decodeConfig(data); err != nil {
			b.Fatal(err)
		}
	}
}
