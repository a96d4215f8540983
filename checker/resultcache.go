package checker

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/miglint/miglint/analyzers"
	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
	"github.com/miglint/miglint/report"
)

// A pre-commit hook runs miglint ./... on every commit, and most commits
// change a migration or two. The findings of a package depend only on
// its inputs, so Check keeps each root package's findings in the user's
// cache directory under a key over all of them, and a later run loads
// and analyses only the packages whose key changed:
//
//   - the package's files: path and bytes (for the standard library and
//     modules in the module cache, which are read-only, the Go version or
//     the module version stands for the bytes);
//   - the keys of the packages it imports, so a change anywhere below a
//     package (a helper's new import, a write that lost its guard) reaches
//     it: forbiddenimport's chains and versionguard's facts come from there;
//   - the importrules.toml that governs it (path and bytes, or its absence);
//   - the clock: MIGLINT_NOW as written, or today's date (UTC) — retention
//     and exceptions turn over at day boundaries;
//   - miglint's build (the executable's path, size and modification time),
//     the analyzers and their flags, and the go command's environment (Go
//     version, GOOS, GOARCH, GOFLAGS and so build tags, CGO_ENABLED).
//
// A package that misses is analysed from its sources as in a run without
// the cache: alone against its dependencies' cached types and facts when
// they all hit (resultcache_alone.go), else loaded with its dependencies
// as before; either way its findings do not depend on which of its
// neighbours hit. The keys come from the listing the packages are loaded
// from (listload.go); when it fails, or any package has an error, Check
// runs as if there were no cache, and reports what it always reported.
//
// Under the system clock, findings of the header analyzer are never
// stored: "in the future" compares with the present to the second, which
// the day in the key does not capture, and its message shows the present.
// A package with such a finding is analysed every time until its header
// is fixed. Under MIGLINT_NOW the key holds the clock as written, so they
// are stored too.

// EnvResultCache turns the result cache off ("off") or names the
// directory that holds it (tests use a temporary one); by default it
// lives in os.UserCacheDir()/miglint/results.
const EnvResultCache = "MIGLINT_RESULT_CACHE"

// EnvResultCacheStats, when set, makes Check print one line to standard
// error: how many packages came from the cache and how many it analysed.
const EnvResultCacheStats = "MIGLINT_RESULT_CACHE_STATS"

// resultFormat changes whenever an entry's layout or the key's meaning
// does, for builds whose executable keeps its size and time.
const resultFormat = "miglint result cache 2"

// resultMaxAge is how long an entry no run has used is kept.
const resultMaxAge = 30 * 24 * time.Hour

// executableID identifies miglint's build; a test replaces it to stand
// for a new build.
var executableID = func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	st, err := os.Stat(exe)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s\x00%d\x00%d", exe, st.Size(), st.ModTime().UnixNano()), nil
}

// CacheStats counts the root packages of the last Check (test variants
// included) that came from the result cache and that it analysed, and
// of those how many alone, against their dependencies' cached types.
type CacheStats struct {
	Packages, FromCache, Analysed, Alone int
}

// LastCacheStats is the count of the last Check that used the cache.
var LastCacheStats CacheStats

// resultCache is one Check's view of the cache. A nil *resultCache is a
// cache that is off: every method then leaves Check as it would be.
type resultCache struct {
	dir   string             // the entries' directory
	pkgs  map[string]*listed // by ID (go list's ImportPath)
	roots []*listed          // the packages the patterns name, test variants included
	hits  map[string][]report.Finding
	// run is the file that holds the findings of the roots of runs in
	// this directory with these patterns; keep, what it will hold next.
	run  string
	keep map[string][]report.Finding
	// exactClock: the key holds the clock to the second (MIGLINT_NOW).
	exactClock bool
	as         []*analysis.Analyzer
	goarch     string
	// sources records the sha256 of every file the loader parsed, to
	// check that it read the bytes the keys were computed from.
	sources map[string][32]byte
	hashed  map[string][]byte // absolute file name -> sha256, of the files keys hash
	same    map[*listed]bool  // memo of sameSources
	// packFile holds the types entries of full runs (resultcache_alone.go);
	// pack, its entries by key, once read.
	packFile string
	pack     map[string]*typesEntry
	configs  *importrules.Finder // the listing's
}

// openResultCache computes the keys of the listed packages and reads the
// entries of the roots. It returns nil (no cache) when the cache is off,
// cannot be keyed, or a configuration has an error: Check then runs and
// reports as it always did.
func openResultCache(dir string, patterns []string, as []*analysis.Analyzer, goenv goEnvironment, l *listing) *resultCache {
	cacheDir := resultCacheDir()
	if cacheDir == "" {
		return nil
	}
	global, env, err := globalKey(as, goenv)
	if err != nil {
		return nil
	}
	rc := &resultCache{dir: cacheDir, pkgs: l.pkgs, roots: l.roots, hits: map[string][]report.Finding{},
		exactClock: os.Getenv(migration.EnvNow) != "", as: as, goarch: env.GOARCH, run: runFilePath(cacheDir, dir, patterns),
		packFile: packPath(cacheDir, goenv.moduleRoot(dir))}
	rc.configs = &l.configs
	if err := validateConfigs(rc.roots, rc.configs); err != nil {
		return nil // checkConfigs reports it
	}
	for _, p := range rc.roots {
		// Files named on the command line form a package no later load
		// can name by its path.
		if p.ImportPath == "command-line-arguments" ||
			len(p.GoFiles)+len(p.CgoFiles) == 0 && p.ForTest == "" && !strings.HasSuffix(p.ImportPath, ".test") {
			return nil
		}
	}
	rc.hashed = map[string][]byte{}
	configs := map[string][]byte{}
	for _, p := range rc.roots {
		if _, err := rc.keyOf(p, global, env, rc.hashed, configs); err != nil {
			return nil
		}
	}
	stored := rc.readRun()
	rc.keep = map[string][]report.Finding{}
	for _, p := range rc.roots {
		if fs, ok := stored[p.key]; ok && fs != nil {
			rc.hits[p.ImportPath] = fs
			rc.keep[p.key] = fs
		}
	}
	return rc
}

// resultCacheDir is the directory of the result cache, or "" when it is
// off.
func resultCacheDir() string {
	if analyzers.Setup.Flags.Lookup("config").Value.String() != "" {
		return "" // a -config FILE: rare (the golangci-lint plugin), not keyed
	}
	switch dir := os.Getenv(EnvResultCache); dir {
	case "off":
		return ""
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return ""
		}
		return filepath.Join(base, "miglint", "results")
	default:
		return dir
	}
}

// runFilePath is the file that holds the findings of the runs in dir with
// patterns (see runFile the type) by this executable: miglint and the
// lint gate of miglint-aws keep their own, as their keys differ and each
// run rewrites the file with its own entries.
func runFilePath(cacheDir, dir string, patterns []string) string {
	h := sha256.New()
	abs, _ := filepath.Abs(dir)
	exe, _ := executableID()
	fmt.Fprintf(h, "%s\x00%q\x00%s", abs, patterns, exe)
	return filepath.Join(cacheDir, "runs", hex.EncodeToString(h.Sum(nil))[:40]+".json")
}

// firstRun reports whether no run in dir with patterns left findings in
// the result cache, or the cache is off: every root will be loaded.
func firstRun(dir string, patterns []string) bool {
	cacheDir := resultCacheDir()
	if cacheDir == "" {
		return true
	}
	_, err := os.Stat(runFilePath(cacheDir, dir, patterns))
	return errors.Is(err, fs.ErrNotExist)
}

// keyEnv is what the keys need of the go command's environment.
type keyEnv struct {
	GOROOT, GOMODCACHE, GOVERSION, GOOS, GOARCH, GOFLAGS, CGO_ENABLED, GOEXPERIMENT, GOWORK string
}

// globalKey hashes what every package's result depends on alike.
func globalKey(as []*analysis.Analyzer, goenv goEnvironment) ([]byte, *keyEnv, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", resultFormat)
	exe, err := executableID()
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(h, "exe=%s\x00", exe)
	if _, err := migration.Now(); err != nil {
		return nil, nil, err
	}
	if now := os.Getenv(migration.EnvNow); now != "" {
		fmt.Fprintf(h, "now=%s\x00", now)
	} else {
		fmt.Fprintf(h, "today=%s\x00", time.Now().UTC().Format(time.DateOnly))
	}
	// The analyzers that run, with those they require, and their flags.
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	var names []string
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		var fl strings.Builder
		a.Flags.VisitAll(func(f *flag.Flag) { fmt.Fprintf(&fl, " -%s=%q", f.Name, f.Value.String()) })
		names = append(names, a.Name+fl.String())
		for _, r := range a.Requires {
			visit(r)
		}
	}
	for _, a := range as {
		visit(a)
	}
	sort.Strings(names)
	fmt.Fprintf(h, "analyzers=%q\x00", names)

	env := keyEnv{GOROOT: goenv.GOROOT, GOMODCACHE: goenv.GOMODCACHE, GOVERSION: goenv.GOVERSION, GOOS: goenv.GOOS, GOARCH: goenv.GOARCH,
		GOFLAGS: goenv.GOFLAGS, CGO_ENABLED: goenv.CGO_ENABLED, GOEXPERIMENT: goenv.GOEXPERIMENT, GOWORK: goenv.GOWORK}
	fmt.Fprintf(h, "env=%+v\x00", env)
	return h.Sum(nil), &env, nil
}

// validateConfigs loads, once each, the configurations that govern the
// roots. An error means Check must run without the cache, which reports
// it as it always does.
func validateConfigs(roots []*listed, configs *importrules.Finder) error {
	done := map[string]bool{}
	for _, p := range roots {
		if p.Dir == "" || len(p.GoFiles) == 0 {
			continue
		}
		path, _ := configs.Find(p.Dir)
		if done[path] {
			continue
		}
		done[path] = true
		if _, err := importrules.ForDir(p.Dir, importrules.Options{}); err != nil {
			return err
		}
	}
	return nil
}

// immutable reports whether p's files cannot change under their path:
// the standard library of a released Go, or a module in the module cache.
func immutable(p *listed, env *keyEnv) bool {
	if p.Standard {
		return !strings.HasPrefix(env.GOVERSION, "devel") && strings.HasPrefix(p.Dir, env.GOROOT+string(filepath.Separator))
	}
	return p.Module != nil && p.Module.Version != "" && env.GOMODCACHE != "" &&
		strings.HasPrefix(p.Dir, env.GOMODCACHE+string(filepath.Separator))
}

// keyOf computes p's key and those of everything it imports.
func (rc *resultCache) keyOf(p *listed, global []byte, env *keyEnv, fileHashes, configs map[string][]byte) (string, error) {
	if p.key != "" {
		return p.key, nil
	}
	h := sha256.New()
	h.Write(global)
	fmt.Fprintf(h, "pkg=%s\x00dir=%s\x00fortest=%s\x00", p.ImportPath, p.Dir, p.ForTest)
	if m := p.Module; m != nil {
		fmt.Fprintf(h, "module=%s@%s go%s main=%v\x00", m.Path, m.Version, m.GoVersion, m.Main)
		if m.Replace != nil {
			fmt.Fprintf(h, "replace=%s@%s\x00", m.Replace.Path, m.Replace.Version)
		}
	}
	fixed := immutable(p, env)
	p.files = map[string][]byte{}
	for _, name := range slices.Concat(p.GoFiles, p.CgoFiles) {
		if !filepath.IsAbs(name) {
			name = filepath.Join(p.Dir, name)
		}
		fmt.Fprintf(h, "file=%s\x00", name)
		if fixed {
			continue
		}
		sum, ok := fileHashes[name]
		if !ok {
			data, err := os.ReadFile(name)
			if err != nil {
				return "", err
			}
			s := sha256.Sum256(data)
			sum = s[:]
			fileHashes[name] = sum
		}
		p.files[name] = sum
		h.Write(sum)
	}
	// The configuration that governs the package, or its absence; that of
	// a dependency module is never read (setup.IsDependency).
	if p.Dir != "" && !p.Standard && (p.Module == nil || p.Module.Version == "") {
		path, root := rc.configs.Find(p.Dir)
		sum, ok := configs[path]
		if !ok && path != "" {
			data, err := os.ReadFile(path)
			if err != nil {
				return "", err
			}
			s := sha256.Sum256(data)
			sum = s[:]
			configs[path] = sum
		}
		fmt.Fprintf(h, "config=%s\x00%x\x00root=%s\x00", path, sum, root)
	}
	imports := slices.Sorted(slices.Values(p.Imports))
	for _, imp := range imports {
		q := rc.pkgs[imp]
		if q == nil {
			if imp == "C" || imp == "unsafe" {
				fmt.Fprintf(h, "import=%s\x00", imp)
				continue
			}
			return "", fmt.Errorf("%s imports %s, which go list did not describe", p.ImportPath, imp)
		}
		k, err := rc.keyOf(q, global, env, fileHashes, configs)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "import=%s\x00%s\x00", imp, k)
	}
	p.key = hex.EncodeToString(h.Sum(nil))
	return p.key, nil
}

// complete reports whether every root's findings came from the cache.
func (rc *resultCache) complete() bool {
	return rc != nil && len(rc.hits) == len(rc.roots)
}

// findings returns the findings of a run that the cache answered in full.
func (rc *resultCache) findings() ([]report.Finding, error) {
	touch(rc.run)
	rc.count(0, 0)
	var all []report.Finding
	seen := map[string]bool{}
	for _, p := range rc.roots {
		for _, f := range rc.hits[p.ImportPath] {
			if !seen[findingKey(f)] {
				seen[findingKey(f)] = true
				all = append(all, f)
			}
		}
	}
	sortFindings(all)
	return all, nil
}

// loadPatterns returns the patterns to load: those given, unless some
// roots hit; then the packages of the roots that missed.
func (rc *resultCache) loadPatterns(patterns []string) []string {
	if rc == nil || len(rc.hits) == 0 {
		return patterns
	}
	var out []string
	for _, p := range rc.roots {
		if _, hit := rc.hits[p.ImportPath]; hit {
			continue
		}
		if base := rc.base(p); !slices.Contains(out, base) {
			out = append(out, base)
		}
	}
	return out
}

// loadRoots returns the listed roots to load: all of them, unless some
// roots hit; then those that loading loadPatterns would give, every
// variant of the packages whose roots missed.
func (rc *resultCache) loadRoots(l *listing) []*listed {
	if rc == nil || len(rc.hits) == 0 {
		return l.roots
	}
	missed := rc.loadPatterns(nil)
	var out []*listed
	for _, p := range l.roots {
		if slices.Contains(missed, rc.base(p)) {
			out = append(out, p)
		}
	}
	return out
}

// base is the package a root is a variant of: p for "p", "p [p.test]",
// "p_test [p.test]" and "p.test".
func (rc *resultCache) base(p *listed) string {
	if p.ForTest != "" {
		return p.ForTest
	}
	base, _, _ := strings.Cut(p.ImportPath, " ")
	if t, ok := strings.CutSuffix(base, ".test"); ok && rc.pkgs[t] != nil {
		return t
	}
	return base
}

// parsedSources records the sha256 of each file the loader parses whose
// bytes a key may hash (those not immutableFile), so that the result
// cache stores only results computed from the bytes their keys name.
type parsedSources struct {
	env  goEnvironment
	mu   sync.Mutex
	sums map[string][32]byte
}

// recording wraps the loader's ParseFile (nil: the default one) to record
// each file's hash.
func (ps *parsedSources) recording(parse func(*token.FileSet, string, []byte) (*ast.File, error)) func(*token.FileSet, string, []byte) (*ast.File, error) {
	if parse == nil {
		parse = func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
			return parser.ParseFile(fset, filename, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
		}
	}
	ps.sums = map[string][32]byte{}
	return func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
		if !ps.env.immutableFile(filename) {
			sum := sha256.Sum256(src)
			ps.mu.Lock()
			ps.sums[filename] = sum
			ps.mu.Unlock()
		}
		return parse(fset, filename, src)
	}
}

// parsed tells the cache what the loader parsed, once it has loaded.
func (rc *resultCache) parsed(ps *parsedSources) {
	if rc != nil {
		rc.sources = ps.sums
	}
}

// merge stores the findings of the analysed roots and adds those of the
// roots that hit to findings (the analysed roots' findings, each once).
// An error means the packages changed between the listing and the load.
func (rc *resultCache) merge(graph *checker.Graph, findings []report.Finding) ([]report.Finding, error) {
	if rc == nil {
		return findings, nil
	}
	analysed := map[string][]report.Finding{}
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		fs := analysed[act.Package.ID]
		if fs == nil {
			fs = []report.Finding{} // analysed, perhaps clean
		}
		for _, d := range act.Diagnostics {
			fs = append(fs, finding(act.Package.Fset, act.Analyzer.Name, d))
		}
		analysed[act.Package.ID] = fs
	}
	for _, p := range rc.roots {
		if _, ok := analysed[p.ImportPath]; !ok {
			if _, hit := rc.hits[p.ImportPath]; !hit {
				return nil, fmt.Errorf("%s changed while miglint ran (it was listed but not loaded); run miglint again", p.ImportPath)
			}
		}
	}
	seen := map[string]bool{}
	for _, f := range findings {
		seen[findingKey(f)] = true
	}
	for _, p := range rc.roots {
		fs, ok := analysed[p.ImportPath]
		if !ok {
			for _, f := range rc.hits[p.ImportPath] {
				if !seen[findingKey(f)] {
					seen[findingKey(f)] = true
					findings = append(findings, f)
				}
			}
			continue
		}
		if _, hit := rc.hits[p.ImportPath]; !hit && rc.sameSources(p) && (rc.exactClock || !slices.ContainsFunc(fs, fromHeader)) {
			rc.keep[p.key] = fs
		}
	}
	rc.saveTypes(graph)
	rc.writeRun()
	rc.prune()
	rc.count(len(analysed), 0)
	return findings, nil
}

// fromHeader: the header analyzer's findings may compare with the
// present to the second.
func fromHeader(f report.Finding) bool { return f.Analyzer == "header" }

// parsedUnder reports whether the loader parses name, a file p's key
// hashes, under that name: a plain Go file in p's directory.
func parsedUnder(p *listed, name string) bool {
	if filepath.Dir(name) != filepath.Clean(p.Dir) {
		return false
	}
	for _, c := range p.CgoFiles {
		if c == name || filepath.Join(p.Dir, c) == name {
			return false
		}
	}
	return true
}

// sameSources reports whether the loader parsed exactly the bytes that p's
// key and those of its dependencies were computed from: every file of the
// package's own directory that the key hashes, parsed with the same
// bytes. (A file created between the loader's listing and the cache's
// would otherwise be in the key and not in the results. Cgo files and
// generated ones, such as a test's main, are parsed under other names.)
func (rc *resultCache) sameSources(p *listed) bool {
	if v, ok := rc.same[p]; ok {
		return v
	}
	if rc.same == nil {
		rc.same = map[*listed]bool{}
	}
	rc.same[p] = true // an import cycle cannot be; this ends one anyway
	v := true
	for name, sum := range p.files {
		got, parsed := rc.sources[name]
		if parsed && !bytes.Equal(got[:], sum) || !parsed && parsedUnder(p, name) {
			v = false
		}
	}
	for _, imp := range p.Imports {
		if q := rc.pkgs[imp]; v && q != nil && !rc.sameSources(q) {
			v = false
		}
	}
	rc.same[p] = v
	return v
}

func (rc *resultCache) count(analysed, alone int) {
	LastCacheStats = CacheStats{Packages: len(rc.roots), FromCache: len(rc.roots) - analysed, Analysed: analysed, Alone: alone}
	if os.Getenv(EnvResultCacheStats) != "" {
		fmt.Fprintf(os.Stderr, "miglint: result cache: %d packages, %d from the cache, %d analysed (%d alone)\n",
			LastCacheStats.Packages, LastCacheStats.FromCache, LastCacheStats.Analysed, LastCacheStats.Alone)
	}
}

// A run file holds the findings of the roots of one directory's runs
// with the same patterns, each under its package's key: a run on 5,000
// migrations reads and writes one file, not 5,000 (creating a file cost
// a quarter of a millisecond on this machine's overlay file system).
type runFile struct {
	Format  string
	Entries map[string][]report.Finding // package key -> findings
}

// readRun returns the entries of the run file; a missing, unreadable or
// corrupt file has none.
func (rc *resultCache) readRun() map[string][]report.Finding {
	data, err := os.ReadFile(rc.run)
	if err != nil {
		return nil
	}
	var r runFile
	if json.Unmarshal(data, &r) != nil || r.Format != resultFormat {
		return nil
	}
	return r.Entries
}

// writeRun stores the findings of this run's roots. Errors are ignored:
// the next run analyses the packages again.
func (rc *resultCache) writeRun() {
	if data, err := json.Marshal(runFile{Format: resultFormat, Entries: rc.keep}); err == nil {
		writeAtomic(rc.run, data)
	}
}

// touch keeps an entry in use from being pruned, at most once a day.
func touch(path string) {
	if st, err := os.Stat(path); err == nil && time.Since(st.ModTime()) > 24*time.Hour {
		now := time.Now()
		os.Chtimes(path, now, now)
	}
}

// writeAtomic writes a file so that a reader sees all of it or nothing.
func writeAtomic(path string, data []byte) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	tmp, err := os.CreateTemp(dir, "tmp-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	if cerr := tmp.Close(); werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		os.Remove(tmp.Name())
	}
}

// prune removes, at most once a day, entries no run used for
// resultMaxAge, and temporary files of runs that died.
func (rc *resultCache) prune() {
	mark := filepath.Join(rc.dir, "pruned")
	if st, err := os.Stat(mark); err == nil && time.Since(st.ModTime()) < 24*time.Hour {
		return
	}
	if f, err := os.Create(mark); err == nil {
		f.Close()
	}
	shards, _ := os.ReadDir(rc.dir) // "runs" and the types entries' shards
	for _, s := range shards {
		if !s.IsDir() {
			continue
		}
		dir := filepath.Join(rc.dir, s.Name())
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			info, err := e.Info()
			if err != nil {
				continue
			}
			age := time.Since(info.ModTime())
			if ((strings.HasSuffix(e.Name(), ".json") || strings.HasSuffix(e.Name(), ".types")) && age > resultMaxAge) || (strings.HasPrefix(e.Name(), "tmp-") && age > time.Hour) {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
	}
}
