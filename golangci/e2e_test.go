package golangci_test

// These tests build a real golangci-lint with the plugin, the way users
// do (golangci-lint custom and the .custom-gcl.yml of README.md), and run
// it with the .golangci.yml of README.md.
//
// They need a golangci-lint binary: E2E_GOLANGCI_LINT names it
// (test.sh installs the pinned version and sets it). Without it they skip,
// or fail under CI=true. The custom binary takes a minute or more to build,
// so it is kept between runs in E2E_CACHE (default: the user cache
// directory's miglint-tools), under a key of golangci-lint's version, the
// .custom-gcl.yml and this module's sources.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/miglint/miglint/internal/sampletest"
)

func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// golangciLint returns the golangci-lint that builds the custom binary.
func golangciLint(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("E2E_GOLANGCI_LINT")
	if bin == "" {
		const why = "E2E_GOLANGCI_LINT does not name a golangci-lint binary (test.sh installs one)"
		if os.Getenv("CI") == "true" {
			t.Fatal(why)
		}
		t.Skip(why)
	}
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("E2E_GOLANGCI_LINT: %v", err)
	}
	return bin
}

func cacheDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("E2E_CACHE")
	if dir == "" {
		user, err := os.UserCacheDir()
		if err != nil {
			t.Fatalf("no cache directory for the custom binary (set E2E_CACHE): %v", err)
		}
		dir = filepath.Join(user, "miglint-tools")
	}
	dir = filepath.Join(dir, "golangci-e2e")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readmeBlock returns the fenced yaml block of README.md whose first line
// is first.
func readmeBlock(t *testing.T, first string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(moduleRoot(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	start := "```yaml\n" + first + "\n"
	_, rest, ok := strings.Cut(string(data), start)
	if !ok {
		t.Fatalf("README.md has no yaml block starting %q", first)
	}
	block, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatalf("README.md: the block starting %q does not end", first)
	}
	return first + "\n" + block
}

// command runs name in dir with extra environment; it returns stdout,
// stderr and the exit code, and fails the test if name does not start.
func command(t *testing.T, dir string, env []string, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return out.String(), errb.String(), code
}

func must(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	stdout, stderr, code := command(t, dir, env, name, args...)
	if code != 0 {
		t.Fatalf("%s %v exited %d:\n%s%s", name, args, code, stdout, stderr)
	}
	return stdout
}

var custom struct {
	once sync.Once
	bin  string
	err  string
}

// customGCL returns the golangci-lint that `golangci-lint custom` builds
// from README.md's .custom-gcl.yml, with the plugin taken from this
// checkout (path:) instead of a published version.
func customGCL(t *testing.T) string {
	t.Helper()
	gcl := golangciLint(t)
	custom.once.Do(func() {
		custom.err = "building the custom golangci-lint failed in an earlier test"
		custom.bin, custom.err = buildCustom(t, gcl) // t.Fatal leaves the first error
	})
	if custom.err != "" {
		t.Fatal(custom.err)
	}
	return custom.bin
}

var pluginVersion = regexp.MustCompile(`(?m)^(\s+)version: \S+$`)

func buildCustom(t *testing.T, gcl string) (bin, problem string) {
	root, cache := moduleRoot(t), cacheDir(t)
	version := "v" + strings.TrimSpace(must(t, root, nil, gcl, "version", "--short"))
	spec := readmeBlock(t, "# .custom-gcl.yml")
	if !strings.Contains(spec, "\nversion: "+version+"\n") {
		return "", fmt.Sprintf("README.md's .custom-gcl.yml does not build %s, the version of E2E_GOLANGCI_LINT:\n%s", version, spec)
	}
	if n := len(pluginVersion.FindAllString(spec, -1)); n != 1 {
		return "", fmt.Sprintf("README.md's .custom-gcl.yml: want one plugin version line to replace with this checkout's path, found %d", n)
	}
	spec = pluginVersion.ReplaceAllString(spec, "${1}path: "+root)

	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", version, spec)
	hashSources(t, h, root)
	name := "custom-gcl-" + hex.EncodeToString(h.Sum(nil))[:16]
	bin = filepath.Join(cache, name)
	if _, err := os.Stat(bin); err == nil {
		t.Logf("custom golangci-lint from the cache: %s", bin)
		return bin, ""
	}

	src := golangciSource(t, cache, version)
	dir := t.TempDir()
	spec += "destination: " + dir + "\n"
	if err := os.WriteFile(filepath.Join(dir, ".custom-gcl.yml"), []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	// golangci-lint custom clones github.com/golangci/golangci-lint at the
	// version; git's insteadOf hands it the same tree, taken from the Go
	// module proxy, so that the test needs no access to GitHub. (It keeps
	// GIT_CONFIG_COUNT, _KEY_ and _VALUE_ in the environment of the clone.)
	env := []string{
		"GIT_CONFIG_COUNT=1",
		"GIT_CONFIG_KEY_0=url.file://" + filepath.ToSlash(src) + ".insteadOf",
		"GIT_CONFIG_VALUE_0=https://github.com/golangci/golangci-lint.git",
	}
	must(t, dir, env, gcl, "custom", "-v")
	tmp := fmt.Sprintf("%s.%d.tmp", bin, os.Getpid())
	if err := copyFile(filepath.Join(dir, "custom-gcl"), tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, bin); err != nil {
		t.Fatal(err)
	}
	// Builds of older sources are of no use any more.
	old, _ := filepath.Glob(filepath.Join(cache, "custom-gcl-*"))
	for _, p := range old {
		if p != bin && !strings.HasSuffix(p, ".tmp") {
			os.Remove(p)
		}
	}
	return bin, ""
}

// hashSources adds what the plugin is built from to h: go.mod, go.sum
// and the non-test Go files of the module.
func hashSources(t *testing.T, h io.Writer, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (name == "testdata" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if name == "go.mod" || name == "go.sum" || strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go") {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(data))
			h.Write(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// golangciSource returns a git repository holding golangci-lint's
// sources at version, tagged version, made once from the module proxy's
// copy.
func golangciSource(t *testing.T, cache, version string) string {
	t.Helper()
	repo := filepath.Join(cache, "golangci-lint-"+version+".src")
	if _, err := os.Stat(filepath.Join(repo, ".git")); err == nil {
		return repo
	}
	out := must(t, cache, nil, "go", "mod", "download", "-json", "github.com/golangci/golangci-lint/v2@"+version)
	var mod struct{ Dir string }
	if err := json.Unmarshal([]byte(out), &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download -json: %v\n%s", err, out)
	}
	tmp, err := os.MkdirTemp(cache, "src-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	if err := copyTree(mod.Dir, tmp); err != nil {
		t.Fatal(err)
	}
	git := []string{"-c", "user.name=miglint test", "-c", "user.email=test@miglint.invalid", "-c", "commit.gpgsign=false"}
	must(t, tmp, nil, "git", append(git, "init", "-q")...)
	must(t, tmp, nil, "git", append(git, "add", "-A")...)
	must(t, tmp, nil, "git", append(git, "commit", "-q", "-m", "golangci-lint "+version+" from the module proxy")...)
	must(t, tmp, nil, "git", append(git, "tag", version)...)
	if err := os.Rename(tmp, repo); err != nil {
		// Another test process may have made it first.
		if _, statErr := os.Stat(filepath.Join(repo, ".git")); statErr != nil {
			t.Fatal(err)
		}
	}
	return repo
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		return copyFile(p, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, info.Mode().Perm()|0o200)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// lintRun is one golangci-lint run: its miglint findings and whether it
// analysed any package (rather than taking every result from its cache).
type lintRun struct {
	findings []sampletest.Finding
	analysed string // "N/M" packages analysed, from golangci-lint's debug log
}

var analysing = regexp.MustCompile(`analyzing (\d+/\d+) packages`)

// lint runs the custom golangci-lint in dir, which holds README.md's
// .golangci.yml; env must give GOLANGCI_LINT_CACHE.
func lint(t *testing.T, bin, dir string, env ...string) lintRun {
	t.Helper()
	out := filepath.Join(t.TempDir(), "issues.json")
	env = append(env, "GOFLAGS=-mod=mod", "GL_DEBUG=goanalysis/issues/cache", goCache(t))
	// --default=none: of the linters, only the one the test is about;
	// parallel runners: other tests on this machine may run golangci-lint.
	_, stderr, code := command(t, dir, env, bin, "run", "--default=none", "--allow-parallel-runners",
		"--show-stats=false", "--output.json.path="+out, "./...")
	if code != 0 && code != 1 {
		t.Fatalf("custom-gcl run exited %d:\n%s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename     string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatalf("custom-gcl --output.json.path: %v\n%s", err, data)
	}
	var r lintRun
	for _, is := range report.Issues {
		if is.FromLinter != "miglint" {
			t.Errorf("finding of linter %q, want only miglint: %s", is.FromLinter, is.Text)
			continue
		}
		// A plugin's analyzers report as "ANALYZER: message".
		analyzer, msg, ok := strings.Cut(is.Text, ": ")
		if !ok {
			t.Errorf("finding without its analyzer's name: %q", is.Text)
		}
		file := is.Pos.Filename
		if rel, err := filepath.Rel(dir, file); err == nil && filepath.IsAbs(file) {
			file = rel
		}
		r.findings = append(r.findings, sampletest.Finding{File: filepath.ToSlash(file), Line: is.Pos.Line, Col: is.Pos.Column, Analyzer: analyzer, Message: msg})
	}
	m := analysing.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("custom-gcl run: no %q in its debug log:\n%s", analysing, stderr)
	}
	r.analysed = m[1]
	return r
}

// goCache keeps go's build cache where it is when a test moves
// XDG_CACHE_HOME (miglint's own cache) into a temporary directory: go
// list and type checking would otherwise start from nothing.
func goCache(t *testing.T) string {
	t.Helper()
	return "GOCACHE=" + strings.TrimSpace(must(t, ".", nil, "go", "env", "GOCACHE"))
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// standalone returns what miglint ./... reports in dir.
func standalone(t *testing.T, dir string, env ...string) []sampletest.Finding {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "miglint")
	must(t, moduleRoot(t), nil, "go", "build", "-o", bin, "./cmd/miglint")
	stdout, stderr, code := command(t, dir, append(env, goCache(t)), bin, "-format", "json", "./...")
	if code != 0 && code != 1 {
		t.Fatalf("miglint exited %d:\n%s", code, stderr)
	}
	var fs []struct {
		Analyzer, File, Message string
		Line, Column            int
	}
	if err := json.Unmarshal([]byte(stdout), &fs); err != nil {
		t.Fatalf("miglint -format json: %v\n%s", err, stdout)
	}
	var out []sampletest.Finding
	for _, f := range fs {
		out = append(out, sampletest.Finding{File: filepath.ToSlash(f.File), Line: f.Line, Col: f.Column, Analyzer: f.Analyzer, Message: f.Message})
	}
	return out
}

func sorted(fs []sampletest.Finding) []string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Key()+" "+f.Message)
	}
	slices.Sort(s)
	return s
}

// TestSample runs golangci-lint with the plugin on the sample repository:
// it must report what expected/*.txt lists and exactly what miglint ./...
// reports, message for message. The sample's chains through other
// packages (forbiddenimport) and writes inside helpers of other packages
// (versionguard, down to 0209's three packages) need facts, which
// golangci-lint computes, and caches, itself.
func TestSample(t *testing.T) {
	bin := customGCL(t)
	dir := sampletest.Copy(t)
	writeFile(t, filepath.Join(dir, ".golangci.yml"), readmeBlock(t, "# .golangci.yml"))
	env := []string{"MIGLINT_NOW=" + sampletest.Now, "GOLANGCI_LINT_CACHE=" + t.TempDir(), "XDG_CACHE_HOME=" + t.TempDir()}

	first := lint(t, bin, dir, env...)
	sampletest.Compare(t, "golangci-lint", first.findings, sampletest.Expectations(t, dir))
	want := sorted(standalone(t, dir, env...))
	if got := sorted(first.findings); !slices.Equal(got, want) {
		t.Errorf("golangci-lint and miglint ./... differ:\ngolangci-lint:\n%s\nmiglint:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Nothing changed: every result comes from golangci-lint's cache, facts
	// and all, and it is the same.
	again := lint(t, bin, dir, env...)
	if !strings.HasPrefix(again.analysed, "0/") {
		t.Errorf("second run analysed %s packages, want 0 (results from the cache)", again.analysed)
	}
	if got := sorted(again.findings); !slices.Equal(got, want) {
		t.Errorf("from the cache, golangci-lint reports:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestCacheFollowsConfigAndClock proves that golangci-lint's cache never
// serves findings computed under another importrules.toml or another
// clock, though it hashes neither: the plugin folds both into the
// settings that it hashes. A module without dependencies keeps the runs
// short.
func TestCacheFollowsConfigAndClock(t *testing.T) {
	bin := customGCL(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/tiny\n\ngo 1.26.0\n")
	writeFile(t, filepath.Join(dir, ".golangci.yml"), readmeBlock(t, "# .golangci.yml"))
	config := filepath.Join(dir, "importrules.toml")
	writeFile(t, config, "[migrations]\nretention_months = 12\n")
	writeFile(t, filepath.Join(dir, "migrations", "0001_backfill_totals", "main.go"), `// Backfill the totals of every cart.
//
// Execution Time:    2020-01-10 at 10:00:00 UTC
// Finalization Time: 2020-01-10 at 10:30:00 UTC
package main

func main() { println("backfilled") }
`)
	cache := "GOLANGCI_LINT_CACHE=" + t.TempDir()
	env := []string{"MIGLINT_NOW=" + sampletest.Now, cache, "XDG_CACHE_HOME=" + t.TempDir()}
	retention := func(r lintRun) int {
		n := 0
		for _, f := range r.findings {
			if f.Analyzer == "retention" {
				n++
			}
		}
		return n
	}

	if r := lint(t, bin, dir, env...); retention(r) != 1 {
		t.Fatalf("a migration finalized in January 2020, on %s: %d retention findings, want 1: %v", sampletest.Now, retention(r), r.findings)
	}
	if r := lint(t, bin, dir, env...); !strings.HasPrefix(r.analysed, "0/") || retention(r) != 1 {
		t.Fatalf("same inputs: analysed %s packages and %d retention findings, want 0 and 1 (from the cache)", r.analysed, retention(r))
	}

	writeFile(t, config, "[migrations]\nretention_months = 120\n")
	if r := lint(t, bin, dir, env...); retention(r) != 0 {
		t.Errorf("after raising retention_months to 120: %d retention findings, want 0 (stale cache; analysed %s packages)", retention(r), r.analysed)
	}

	writeFile(t, config, "[migrations]\nretention_months = 12\n")
	early := []string{"MIGLINT_NOW=2020-06-01", cache, "XDG_CACHE_HOME=" + t.TempDir()}
	if r := lint(t, bin, dir, early...); retention(r) != 0 {
		t.Errorf("MIGLINT_NOW=2020-06-01: %d retention findings, want 0 (stale cache; analysed %s packages)", retention(r), r.analysed)
	}
	if r := lint(t, bin, dir, env...); retention(r) != 1 {
		t.Errorf("config and clock restored: %d retention findings, want 1", retention(r))
	}
}
