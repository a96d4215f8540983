package checker

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/miglint/miglint/analyzers"
)

// The result cache tests run checker.Check on a small module written to a
// temporary directory, with the cache in another, and count what each
// run analysed (LastCacheStats): a change must make every package whose
// findings it can change miss, and no other. cmd/miglint runs the same
// cases through the real binary.

const rulesToml = `[migrations]
roots = ["migrations"]
retention_months = 12
cleanup_months = [1, 7]

[[forbidden]]
name = "legacy"
packages = ["example.com/shop/legacy"]
message = "use the new store"
`

// header finalized 2025-03-01: stale from 2026-03-01, overdue once the
// July 2026 clean-up has ended (2026-08-01).
const header = `// Recompute the totals of every cart.
//
// Execution Time:    2025-03-01 at 10:00:00 UTC
// Finalization Time: 2025-03-01 at 11:00:00 UTC
package main
`

func cacheModule(t *testing.T) string {
	t.Helper()
	return writeFiles(t, map[string]string{
		"go.mod":                         "module example.com/shop\n\ngo 1.26\n",
		"importrules.toml":               rulesToml,
		"legacy/legacy.go":               "package legacy\n\nfunc Old() {}\n",
		"helper/helper.go":               "package helper\n\nfunc Do() {}\n",
		"migrations/0001_a/main.go":      header + "\nimport \"example.com/shop/helper\"\n\nfunc main() { helper.Do() }\n",
		"migrations/0002_b/main.go":      header + "\nimport \"example.com/shop/helper\"\n\nfunc main() { helper.Do() }\n",
		"migrations/0003_c/main.go":      header + "\nfunc main() { println(\"c\") }\n",
		"migrations/0003_c/main_test.go": "package main\n\nimport \"testing\"\n\nfunc TestMain(t *testing.T) {}\n",
		"tools/importrules.toml":         "[migrations]\nretention_months = 12\n",
		"tools/gen/gen.go":               "package main\n\nfunc main() {}\n",
	})
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		write(t, filepath.Join(dir, filepath.FromSlash(name)), text)
	}
	return dir
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// cacheEnv points the result cache and the configuration cache at
// temporary directories and fixes the clock.
func cacheEnv(t *testing.T, now string) string {
	t.Helper()
	cache := t.TempDir()
	t.Setenv(EnvResultCache, cache)
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // importrules' cache
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("GOWORK", "off")
	t.Setenv("MIGLINT_NOW", now)
	if gocache := os.Getenv("GOCACHE"); gocache == "" {
		// Keep the go command's build cache where it was.
		if d, err := os.UserCacheDir(); err == nil {
			t.Setenv("GOCACHE", filepath.Join(d, "go-build"))
		}
	}
	return cache
}

// check runs Check on dir and returns its findings as "file:line analyzer: message"
// lines, and how many packages it analysed.
func cachedCheck(t *testing.T, dir string) ([]string, int) {
	t.Helper()
	LastCacheStats = CacheStats{}
	fs, err := Check(dir, []string{"./..."}, analyzers.All)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range fs {
		rel, _ := filepath.Rel(dir, f.Posn.Filename)
		lines = append(lines, filepath.ToSlash(rel)+":"+strconv.Itoa(f.Posn.Line)+" "+f.Analyzer+": "+f.Message)
	}
	return lines, LastCacheStats.Analysed
}

// roots: legacy, helper, 0001, 0002, 0003 with its test variant and test
// main, tools/gen.
const roots = 8

func TestResultCacheWarmRunAnalysesNothing(t *testing.T) {
	cacheEnv(t, "2026-06-15")
	dir := cacheModule(t)
	write(t, filepath.Join(dir, "migrations/0001_a/main.go"), header+"\nimport \"example.com/shop/legacy\"\n\nfunc main() { legacy.Old() }\n")

	cold, n := cachedCheck(t, dir)
	if n != roots || LastCacheStats.Packages != roots {
		t.Fatalf("cold run analysed %d of %d packages, want %d of %d", n, LastCacheStats.Packages, roots, roots)
	}
	if len(cold) == 0 {
		t.Fatal("no findings; the module was meant to have one")
	}
	warm, n := cachedCheck(t, dir)
	if n != 0 {
		t.Errorf("warm run analysed %d packages, want 0", n)
	}
	if !slices.Equal(warm, cold) {
		t.Errorf("warm findings differ:\n%s\ncold:\n%s", strings.Join(warm, "\n"), strings.Join(cold, "\n"))
	}
	t.Setenv(EnvResultCache, "off")
	off, _ := cachedCheck(t, dir)
	if !slices.Equal(off, cold) {
		t.Errorf("findings without the cache differ:\n%s\nwith:\n%s", strings.Join(off, "\n"), strings.Join(cold, "\n"))
	}
}

func TestResultCacheDependencyEdit(t *testing.T) {
	cacheEnv(t, "2026-06-15")
	dir := cacheModule(t)
	before, _ := cachedCheck(t, dir)
	if len(before) != 0 {
		t.Fatalf("findings before the edit:\n%s", strings.Join(before, "\n"))
	}
	// The helper now reaches the forbidden package: both its importers
	// must be analysed again and report the chain; nothing else.
	write(t, filepath.Join(dir, "helper/helper.go"), "package helper\n\nimport \"example.com/shop/legacy\"\n\nfunc Do() { legacy.Old() }\n")
	after, n := cachedCheck(t, dir)
	if n != 3 {
		t.Errorf("after editing helper, %d packages analysed, want 3 (helper, 0001, 0002)", n)
	}
	if len(after) != 2 || !strings.Contains(after[0], "0001_a") || !strings.Contains(after[1], "0002_b") ||
		!strings.Contains(after[0], "which reaches example.com/shop/legacy") {
		t.Errorf("after editing helper, findings:\n%s\nwant a chain through helper in 0001 and 0002", strings.Join(after, "\n"))
	}
	if again, n := cachedCheck(t, dir); n != 0 || !slices.Equal(again, after) {
		t.Errorf("run after that analysed %d, findings\n%s", n, strings.Join(again, "\n"))
	}
}

func TestResultCacheClock(t *testing.T) {
	cacheEnv(t, "2026-06-15")
	dir := cacheModule(t)
	if before, _ := cachedCheck(t, dir); len(before) != 0 {
		t.Fatalf("findings before the July clean-up:\n%s", strings.Join(before, "\n"))
	}
	if _, n := cachedCheck(t, dir); n != 0 {
		t.Fatalf("same clock: %d analysed, want 0", n)
	}
	// Past the end of July the three migrations are overdue.
	t.Setenv("MIGLINT_NOW", "2026-08-01")
	after, n := cachedCheck(t, dir)
	if n != roots {
		t.Errorf("new clock: %d packages analysed, want %d", n, roots)
	}
	if got := countAnalyzer(after, "retention"); got != 3 {
		t.Errorf("past the July clean-up, %d retention findings, want 3:\n%s", got, strings.Join(after, "\n"))
	}
}

// TestResultCacheSystemClockHeader: under the system clock, a header in
// the future is analysed on every run (its message shows the present),
// and only it.
func TestResultCacheSystemClockHeader(t *testing.T) {
	cacheEnv(t, "") // MIGLINT_NOW empty: the system clock
	dir := cacheModule(t)
	write(t, filepath.Join(dir, "migrations/0004_d/main.go"), strings.ReplaceAll(header, "2025-03-01", "2099-03-01")+"\nfunc main() { println(\"d\") }\n")
	first, _ := cachedCheck(t, dir)
	if countAnalyzer(first, "header") != 2 {
		t.Fatalf("want two header findings (times in the future):\n%s", strings.Join(first, "\n"))
	}
	if _, n := cachedCheck(t, dir); n != 1 {
		t.Errorf("second run analysed %d packages, want 1 (the header in the future)", n)
	}
}

func TestResultCacheNewBuild(t *testing.T) {
	cacheEnv(t, "2026-06-15")
	dir := cacheModule(t)
	cachedCheck(t, dir)
	old := executableID
	t.Cleanup(func() { executableID = old })
	executableID = func() (string, error) { return "another build", nil }
	if _, n := cachedCheck(t, dir); n != roots {
		t.Errorf("new build: %d packages analysed, want %d", n, roots)
	}
	if _, n := cachedCheck(t, dir); n != 0 {
		t.Errorf("new build, second run: %d packages analysed, want 0", n)
	}
}

func TestResultCacheCorruptEntries(t *testing.T) {
	cache := cacheEnv(t, "2026-06-15")
	dir := cacheModule(t)
	write(t, filepath.Join(dir, "migrations/0002_b/main.go"), header+"\nimport \"example.com/shop/legacy\"\n\nfunc main() { legacy.Old() }\n")
	want, _ := cachedCheck(t, dir)
	runs, _ := filepath.Glob(filepath.Join(cache, "runs", "*.json"))
	if len(runs) != 1 {
		t.Fatalf("%d run files in the cache, want 1", len(runs))
	}
	// Truncated, empty, of another format: every package is analysed.
	for _, data := range []string{`{"Format":"miglint result cache 1","Entries":{"`, "", `{"Format":"x","Entries":{}}`} {
		write(t, runs[0], data)
		got, n := cachedCheck(t, dir)
		if n != roots || !slices.Equal(got, want) {
			t.Errorf("run file %q: %d analysed (want %d), findings\n%s\nwant\n%s", data, n, roots, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	// Corrupt types entries: a migration edited alone goes through
	// go/packages instead.
	types, _ := filepath.Glob(filepath.Join(cache, "*", "*.types"))
	if len(types) == 0 {
		t.Fatal("no types entries")
	}
	for _, e := range types {
		write(t, e, "garbage")
	}
	write(t, filepath.Join(dir, "migrations/0001_a/main.go"), header+"\nimport \"example.com/shop/helper\"\n\nfunc main() { helper.Do(); helper.Do() }\n")
	got, n := cachedCheck(t, dir)
	if n != 1 || LastCacheStats.Alone != 0 || !slices.Equal(got, want) {
		t.Errorf("corrupt types entries: %d analysed, %d alone (want 1, 0), findings\n%s\nwant\n%s", n, LastCacheStats.Alone, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestResultCacheOff(t *testing.T) {
	cache := cacheEnv(t, "2026-06-15")
	t.Setenv(EnvResultCache, "off")
	dir := cacheModule(t)
	cachedCheck(t, dir)
	if entries, _ := filepath.Glob(filepath.Join(cache, "*", "*")); len(entries) != 0 {
		t.Errorf("%s=off wrote %d files", EnvResultCache, len(entries))
	}
}

func countAnalyzer(lines []string, name string) int {
	n := 0
	for _, l := range lines {
		if strings.Contains(l, " "+name+": ") {
			n++
		}
	}
	return n
}

// TestAnalyseAloneAgrees computes every finding of the sample's plain
// migrations through analyseAlone (export data and facts of their
// dependencies from the cache) and compares them with go/packages'.
func TestAnalyseAloneAgrees(t *testing.T) {
	cacheEnv(t, "2026-11-21")
	dir, err := filepath.Abs("../testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	full, n := cachedCheck(t, dir)
	if n == 0 || len(full) == 0 {
		t.Fatalf("cold run: %d analysed, %d findings", n, len(full))
	}
	// Forget the findings of every plain migration: their dependencies
	// all hit, so analyseAlone answers them all.
	env, err := goEnv(dir)
	if err != nil {
		t.Fatal(err)
	}
	l, err := list(dir, []string{"./..."})
	if err != nil {
		t.Fatal(err)
	}
	rc := openResultCache(dir, []string{"./..."}, analyzers.All, env, l)
	if rc == nil {
		t.Fatal("no result cache")
	}
	plain := 0
	var forget []string
	imported := rc.directImports()
	for _, p := range rc.roots {
		if imported[p.ImportPath] {
			continue // a migration's own helper package: its importer would miss too
		}
		if strings.Contains(p.ImportPath, "/migrations/") && !strings.ContainsAny(p.ImportPath, " ") && !strings.HasSuffix(p.ImportPath, ".test") {
			if rc.pkgs[p.ImportPath+" ["+p.ImportPath+".test]"] != nil {
				continue // has tests: go/packages
			}
			forget = append(forget, p.key)
			plain++
		}
	}
	if plain < 20 {
		t.Fatalf("only %d plain migrations", plain)
	}
	rc.keep = rc.readRun()
	for _, k := range forget {
		delete(rc.keep, k)
	}
	rc.writeRun()
	alone, n := cachedCheck(t, dir)
	if n != plain || LastCacheStats.Alone != plain {
		t.Errorf("analysed %d packages, %d alone, want the %d plain migrations alone", n, LastCacheStats.Alone, plain)
	}
	if !slices.Equal(alone, full) {
		t.Errorf("analyseAlone and go/packages differ:\nalone:\n%s\ngo/packages:\n%s", strings.Join(alone, "\n"), strings.Join(full, "\n"))
	}
	// Its own entries serve the next run.
	if _, n := cachedCheck(t, dir); n != 0 {
		t.Errorf("run after analyseAlone analysed %d packages, want 0", n)
	}
}

// TestSameSourcesWantsEveryFile: results are stored only when the loader
// parsed every file the key hashed, with the same bytes; a file created
// after go list described the package, and before the loader read the
// directory, is in the key and not in the results.
func TestSameSourcesWantsEveryFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "m")
	a, b, c := filepath.Join(dir, "a.go"), filepath.Join(dir, "b.go"), filepath.Join(dir, "c.go")
	sum := func(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }
	for _, tc := range []struct {
		what   string
		parsed map[string]string
		want   bool
	}{
		{"both parsed as hashed", map[string]string{a: "a", b: "b"}, true},
		{"b.go not parsed", map[string]string{a: "a"}, false},
		{"b.go parsed with other bytes", map[string]string{a: "a", b: "b2"}, false},
	} {
		p := &listed{ImportPath: "m", Dir: dir, CgoFiles: []string{"c.go"}, files: map[string][]byte{a: sum("a"), b: sum("b"), c: sum("c")}}
		rc := &resultCache{pkgs: map[string]*listed{"m": p}, sources: map[string][32]byte{}}
		for name, text := range tc.parsed {
			rc.sources[name] = sha256.Sum256([]byte(text))
		}
		if got := rc.sameSources(p); got != tc.want {
			t.Errorf("%s (c.go, a cgo file, never parsed under its name): sameSources = %v, want %v", tc.what, got, tc.want)
		}
	}
}

// TestFirstRunOfAMigrationAlone: the first run of a pattern naming one
// migration, after ./... filled the cache with its imports' types, is
// answered alone (the run miglint run's gate makes), although no findings
// of that pattern are cached and the full load had already started.
func TestFirstRunOfAMigrationAlone(t *testing.T) {
	cacheEnv(t, "2026-06-15")
	dir := cacheModule(t)
	if _, n := cachedCheck(t, dir); n != roots {
		t.Fatalf("cold run analysed %d packages, want %d", n, roots)
	}
	LastCacheStats = CacheStats{}
	fs, err := Check(dir, []string{"./migrations/0001_a"}, analyzers.All)
	if err != nil {
		t.Fatal(err)
	}
	if LastCacheStats.Packages != 1 || LastCacheStats.Alone != 1 {
		t.Errorf("first run of ./migrations/0001_a: %+v, want 1 package analysed alone", LastCacheStats)
	}
	if len(fs) != 0 {
		t.Errorf("findings: %v", fs)
	}
}

// TestConfigEditBetweenRuns: a second Check in the same process sees an
// edited importrules.toml (the setup analyzer and importrules remember
// configurations within a run, not across runs).
func TestConfigEditBetweenRuns(t *testing.T) {
	cacheEnv(t, "2026-06-15")
	dir := cacheModule(t)
	write(t, filepath.Join(dir, "migrations/0003_c/main.go"), header+"\nimport \"example.com/shop/legacy\"\n\nfunc main() { legacy.Old() }\n")
	before, _ := cachedCheck(t, dir)
	if len(before) != 1 || !strings.Contains(before[0], "forbiddenimport") {
		t.Fatalf("findings with the legacy rule:\n%s\nwant one of forbiddenimport", strings.Join(before, "\n"))
	}
	write(t, filepath.Join(dir, "importrules.toml"), strings.Replace(rulesToml, `packages = ["example.com/shop/legacy"]`, `packages = ["example.com/shop/nothing"]`, 1))
	if after, _ := cachedCheck(t, dir); len(after) != 0 {
		t.Errorf("findings after the rule no longer names legacy:\n%s", strings.Join(after, "\n"))
	}
}
