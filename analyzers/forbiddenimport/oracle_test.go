package forbiddenimport_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/testcache"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/unitchecker"
	"golang.org/x/tools/go/packages"

	"github.com/miglint/miglint/analyzers/forbiddenimport"
)

// The oracle test generates modules whose packages import each other, a
// third-party module, a stand-in SDK and the standard library at random,
// computes from `go list -deps` which package reaches which forbidden
// package, and checks that the analyzer reports exactly those, with
// shortest chains, both standalone (the checker) and under go vet (this
// test binary serves as the vet tool).

const (
	vettoolEnv = "FORBIDDENIMPORT_TEST_VETTOOL"
	// nonceEnv goes into the vet tool's build ID, so that go vet never
	// serves results cached under another generated configuration.
	nonceEnv = "FORBIDDENIMPORT_TEST_NONCE"
)

func TestMain(m *testing.M) {
	if os.Getenv(vettoolEnv) != "" {
		flag.Var(nonceVersion{}, "V", "print version and exit")
		unitchecker.Main(forbiddenimport.Analyzer) // exits
	}
	testcache.Main(m)
}

type nonceVersion struct{}

func (nonceVersion) IsBoolFlag() bool { return true }
func (nonceVersion) Get() any         { return nil }
func (nonceVersion) String() string   { return "" }
func (nonceVersion) Set(string) error {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	data, err := os.ReadFile(exe)
	if err != nil {
		return err
	}
	h.Write(data)
	io.WriteString(h, os.Getenv(nonceEnv))
	fmt.Printf("forbiddenimport.test version devel buildID=%x\n", h.Sum(nil))
	os.Exit(0)
	return nil
}

const oracleNow = "2026-11-21"

func TestOracle(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and vets generated modules")
	}
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Setenv("MIGLINT_NOW", oracleNow)
			t.Setenv("MIGLINT_CONFIG", "")
			m := generate(t, seed)
			want := m.oracle(t)
			t.Logf("the oracle expects %d findings and %d unused exceptions", len(want.findings), len(want.unused))
			start := time.Now()
			standalone := m.runChecker(t)
			t.Logf("standalone: %v", time.Since(start))
			start = time.Now()
			vet := m.runVet(t)
			t.Logf("go vet: %v", time.Since(start))
			if !slices.Equal(standalone, vet) {
				t.Errorf("standalone and go vet differ:\nstandalone:\n\t%s\ngo vet:\n\t%s",
					strings.Join(standalone, "\n\t"), strings.Join(vet, "\n\t"))
			}
			m.compare(t, "standalone", standalone, want)
			m.compare(t, "go vet", vet, want)
		})
	}
}

// oracleRule is a [[forbidden]] rule of a generated module.
type oracleRule struct {
	name                       string
	packages, allow, from, via []string
	indirect                   bool
}

type oracleException struct {
	rule, pkg, imp string // pkg: the package whose one file it names
	expired        bool
	line           int // of its [[exception]] header
}

type oracleModule struct {
	dir        string
	env        []string
	pkgs       []string // the module's packages, by import path
	rules      []oracleRule
	exceptions []*oracleException
	imports    map[string][]string // from go list -deps
}

const (
	modPath    = "example.com/oracle"
	vendorPath = "example.org/thirdparty"
	sdkPath    = "example.net/sdk"
	streams    = "example.net/sdkstreams" // shares a prefix with sdk, not a segment
)

// generate writes a module with packages p00..p17 and sub/s0..s3, each a
// single file importing earlier packages, third-party packages, the SDK
// and the standard library at random.
func generate(t *testing.T, seed uint64) *oracleModule {
	rng := rand.New(rand.NewPCG(seed, 0x6f7261636c65))
	dir := t.TempDir()
	m := &oracleModule{dir: dir}
	m.env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off", "GOTOOLCHAIN=local",
		nonceEnv+"="+dir)

	write := func(rel, text string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goFile := func(rel, pkgPath string, imports []string) {
		var b strings.Builder
		fmt.Fprintf(&b, "package %s\n\n", pkgPath[strings.LastIndex(pkgPath, "/")+1:])
		for _, imp := range imports {
			fmt.Fprintf(&b, "import _ %q\n", imp)
		}
		write(rel, b.String())
	}
	pick := func(p float64, from []string) []string {
		var out []string
		for _, s := range from {
			if rng.Float64() < p {
				out = append(out, s)
			}
		}
		return out
	}

	// Other modules cannot import sdk/internal/wire; the SDK itself does.
	sdk := []string{sdkPath, sdkPath + "/types", sdkPath + "/schemas", sdkPath + "/util"}
	goFile("_deps/sdk/sdk.go", sdkPath, []string{sdkPath + "/types", sdkPath + "/internal/wire"})
	goFile("_deps/sdk/types/types.go", sdkPath+"/types", []string{sdkPath + "/schemas"})
	goFile("_deps/sdk/schemas/schemas.go", sdkPath+"/schemas", nil)
	goFile("_deps/sdk/internal/wire/wire.go", sdkPath+"/internal/wire", []string{"unicode/utf8"})
	goFile("_deps/sdk/util/util.go", sdkPath+"/util", nil)
	write("_deps/sdk/go.mod", "module "+sdkPath+"\n\ngo 1.26\n")
	goFile("_deps/streams/streams.go", streams, nil)
	write("_deps/streams/go.mod", "module "+streams+"\n\ngo 1.26\n")

	var vendor []string
	for i := range 5 {
		p := fmt.Sprintf("%s/v%d", vendorPath, i)
		imps := append(pick(0.4, vendor), pick(0.2, sdk)...)
		imps = append(imps, pick(0.2, []string{streams, "strconv"})...)
		goFile(fmt.Sprintf("_deps/thirdparty/v%d/v%d.go", i, i), p, imps)
		vendor = append(vendor, p)
	}
	write("_deps/thirdparty/go.mod", "module "+vendorPath+"\n\ngo 1.26\n\nrequire (\n\t"+sdkPath+" v0.0.0\n\t"+streams+" v0.0.0\n)\n")

	var rels []string
	for i := range 18 {
		rels = append(rels, fmt.Sprintf("p%02d", i))
	}
	for i := range 4 {
		rels = append(rels, fmt.Sprintf("sub/s%d", i))
	}
	for _, rel := range rels {
		p := modPath + "/" + rel
		imps := pick(0.15, m.pkgs)
		imps = append(imps, pick(0.1, vendor)...)
		imps = append(imps, pick(0.05, sdk)...)
		imps = append(imps, pick(0.08, []string{"strconv", "unicode/utf8", streams})...)
		goFile(rel+"/"+filepath.Base(rel)+".go", p, imps)
		m.pkgs = append(m.pkgs, p)
	}
	write("go.mod", fmt.Sprintf("module %s\n\ngo 1.26\n\nrequire (\n\t%s v0.0.0\n\t%s v0.0.0\n\t%s v0.0.0\n)\n\nreplace (\n\t%s => ./_deps/thirdparty\n\t%s => ./_deps/sdk\n\t%s => ./_deps/streams\n)\n",
		modPath, vendorPath, sdkPath, streams, vendorPath, sdkPath, streams))

	m.rules = []oracleRule{
		{name: "sdk", packages: []string{sdkPath + "/..."}, allow: []string{sdkPath + "/types"},
			via: []string{m.pkgs[rng.IntN(18)], m.pkgs[rng.IntN(18)], vendorPath + "/v1"}, from: []string{modPath + "/..."}, indirect: true},
		{name: "bits", packages: []string{"math/bits"}, from: []string{modPath + "/..."}, indirect: true},
		{name: "direct", packages: []string{vendorPath + "/v4", streams + "/..."}, from: []string{modPath + "/sub/..."}},
	}
	imports := map[string][]string{"sdk": {sdkPath, sdkPath + "/...", sdkPath + "/schemas", sdkPath + "/util"}, "bits": {"math/bits"}, "direct": {vendorPath + "/v4", streams}}
	for range 7 {
		r := m.rules[rng.IntN(len(m.rules))].name
		e := &oracleException{rule: r, pkg: m.pkgs[rng.IntN(len(m.pkgs))], imp: imports[r][rng.IntN(len(imports[r]))], expired: rng.IntN(3) == 0}
		m.exceptions = append(m.exceptions, e)
	}
	write("importrules.toml", m.config())
	return m
}

func quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func (m *oracleModule) config() string {
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	for _, r := range m.rules {
		add("[[forbidden]]")
		add("name = %q", r.name)
		add("packages = %s", quoted(r.packages))
		add("allow = %s", quoted(r.allow))
		add("from = %s", quoted(r.from))
		add("via = %s", quoted(r.via))
		add("indirect = %v", r.indirect)
		add("message = %q", "the oracle forbids it")
		add("")
	}
	for _, e := range m.exceptions {
		add("[[exception]]")
		e.line = len(lines)
		add("rule = %q", e.rule)
		add("file = %q", m.file(e.pkg))
		add("import = %q", e.imp)
		add("reason = %q", "generated")
		if e.expired {
			add("expires = 2020-01-31")
		} else if len(lines)%2 == 0 {
			add("expires = 2099-12-31")
		}
		add("")
	}
	return strings.Join(lines, "\n")
}

// file is the one file of a module package, relative to the module root.
func (m *oracleModule) file(pkg string) string {
	rel := strings.TrimPrefix(pkg, modPath+"/")
	return rel + "/" + filepath.Base(rel) + ".go"
}

// segmentMatch is the oracle's own reading of the pattern rules: how
// specific a match pattern is for path, or -1.
func segmentMatch(pattern, path string) int {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		if path == base || strings.HasPrefix(path, base+"/") {
			return 2 * len(base)
		}
		return -1
	}
	if path == pattern {
		return 2*len(pattern) + 1
	}
	return -1
}

func best(patterns []string, path string) int {
	n := -1
	for _, p := range patterns {
		n = max(n, segmentMatch(p, path))
	}
	return n
}

// stop reports whether a chain ends at path (it is allowed, via or
// forbidden), and whether path is forbidden.
func (r *oracleRule) stop(path string) (stop, isForbidden bool) {
	f, a := best(r.packages, path), best(r.allow, path)
	if f >= 0 && f > a {
		return true, true
	}
	return a >= 0 || best(r.via, path) >= 0, false
}

type oracleResult struct {
	findings map[string]int // "pkg|rule|forbidden" -> shortest chain length in packages
	unused   map[int]bool   // line of the exception
	edges    map[[2]string]bool
}

func (m *oracleModule) oracle(t *testing.T) oracleResult {
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Imports", "./...")
	cmd.Dir, cmd.Env = m.dir, m.env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderrOf(err))
	}
	m.imports = map[string][]string{}
	res := oracleResult{findings: map[string]int{}, unused: map[int]bool{}, edges: map[[2]string]bool{}}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		m.imports[p.ImportPath] = p.Imports
		for _, imp := range p.Imports {
			res.edges[[2]string{p.ImportPath, imp}] = true
		}
	}

	active := func(rule, pkg, target string) bool {
		for _, e := range m.exceptions {
			if e.rule == rule && e.pkg == pkg && !e.expired && segmentMatch(e.imp, target) >= 0 {
				return true
			}
		}
		return false
	}
	// reach returns the forbidden packages pkg reaches under r, with the
	// number of packages on a shortest chain (pkg included).
	reach := func(r *oracleRule, pkg string) map[string]int {
		found := map[string]int{}
		for _, first := range m.imports[pkg] {
			if stop, isForbidden := r.stop(first); stop {
				if isForbidden {
					found[first] = 2
				}
			}
		}
		if !r.indirect {
			return found
		}
		var targets []string
		for p := range m.imports {
			if _, isForbidden := r.stop(p); isForbidden {
				targets = append(targets, p)
			}
		}
		for _, target := range targets {
			// Breadth first from pkg, not past stops, nor along an
			// intermediate package's import that an exception excuses
			// for this target.
			dist := map[string]int{pkg: 1}
			queue := []string{pkg}
			for len(queue) > 0 {
				q := queue[0]
				queue = queue[1:]
				if q != pkg && active(r.name, q, target) {
					continue
				}
				for _, next := range m.imports[q] {
					if _, seen := dist[next]; seen {
						continue
					}
					dist[next] = dist[q] + 1
					if next == target {
						if d, ok := found[target]; !ok || dist[next] < d {
							found[target] = dist[next]
						}
					}
					if stop, _ := r.stop(next); !stop {
						queue = append(queue, next)
					}
				}
			}
		}
		return found
	}

	for i := range m.rules {
		r := &m.rules[i]
		for _, pkg := range m.pkgs {
			if best(r.from, pkg) < 0 {
				continue
			}
			if stop, _ := r.stop(pkg); stop {
				continue
			}
			for target, n := range reach(r, pkg) {
				if !active(r.name, pkg, target) {
					res.findings[pkg+"|"+r.name+"|"+target] = n
				}
			}
		}
	}
	for _, e := range m.exceptions {
		var r *oracleRule
		for i := range m.rules {
			if m.rules[i].name == e.rule {
				r = &m.rules[i]
			}
		}
		used := false
		if stop, _ := r.stop(e.pkg); !stop {
			for target := range reach(r, e.pkg) {
				used = used || segmentMatch(e.imp, target) >= 0
			}
		}
		if !used {
			res.unused[e.line] = true
		}
	}
	return res
}

func stderrOf(err error) string {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(exit.Stderr)
	}
	return ""
}

// Both runners return "file:line: message" lines, file relative to the
// module, sorted.

func (m *oracleModule) runChecker(t *testing.T) []string {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: m.dir, Env: m.env}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{forbiddenimport.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			lines = append(lines, m.line(t, act.Package.Fset.Position(d.Pos).String(), d.Message))
		}
	}
	slices.Sort(lines)
	return lines
}

func (m *oracleModule) runVet(t *testing.T) []string {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "-json", "-vettool="+exe, "./...")
	cmd.Dir, cmd.Env = m.dir, append(m.env, vettoolEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go vet: %v\n%s", err, out)
	}
	var text strings.Builder
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "#") {
			text.WriteString(sc.Text() + "\n")
		}
	}
	var lines []string
	dec := json.NewDecoder(strings.NewReader(text.String()))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("go vet -json: %v\n%s", err, out)
		}
		for _, byAnalyzer := range tree {
			for _, raw := range byAnalyzer {
				var diags []struct{ Posn, Message string }
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("go vet -json: %s", raw)
				}
				for _, d := range diags {
					lines = append(lines, m.line(t, d.Posn, d.Message))
				}
			}
		}
	}
	slices.Sort(lines)
	return lines
}

// line turns an absolute file:line:col into module-relative file:line.
func (m *oracleModule) line(t *testing.T, posn, msg string) string {
	i := strings.LastIndex(posn, ":")
	posn = posn[:i]
	rel, err := filepath.Rel(m.dir, posn)
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel) + ": " + msg
}

var (
	findingMessage = regexp.MustCompile(`^(\S+):(\d+): imports (\S+), (?:which reaches (\S+), )?forbidden by rule "([^"]+)"`)
	unusedMessage  = regexp.MustCompile(`^\S+: the exception at importrules.toml:(\d+) `)
	chainHop       = regexp.MustCompile(` \([^)]*\)$`)
)

func (m *oracleModule) compare(t *testing.T, mode string, got []string, want oracleResult) {
	t.Helper()
	seen := map[string]bool{}
	unused := map[int]bool{}
	for _, line := range got {
		if u := unusedMessage.FindStringSubmatch(line); u != nil {
			n, _ := strconv.Atoi(u[1])
			if !want.unused[n] {
				t.Errorf("%s: unexpected %s", mode, line)
			}
			unused[n] = true
			continue
		}
		f := findingMessage.FindStringSubmatch(line)
		if f == nil {
			t.Errorf("%s: unrecognised finding %s", mode, line)
			continue
		}
		pkg := modPath + "/" + filepath.ToSlash(filepath.Dir(f[1]))
		target := f[4]
		if target == "" {
			target = f[3]
		}
		key := pkg + "|" + f[5] + "|" + target
		n, ok := want.findings[key]
		if !ok {
			t.Errorf("%s: unexpected finding %s", mode, line)
			continue
		}
		if seen[key] {
			t.Errorf("%s: reported twice: %s", mode, line)
		}
		seen[key] = true
		chain := []string{pkg, f[3]}
		if _, text, ok := strings.Cut(line, "; chain: "); ok {
			text, _, _ = strings.Cut(text, "; ")
			chain = nil
			for _, hop := range strings.Split(text, " -> ") {
				chain = append(chain, chainHop.ReplaceAllString(hop, ""))
			}
		}
		if len(chain) != n || chain[0] != pkg || chain[1] != f[3] || chain[len(chain)-1] != target {
			t.Errorf("%s: chain of %d packages, want a shortest one of %d from %s through %s to %s: %s", mode, len(chain), n, pkg, f[3], target, line)
		}
		for i := 1; i < len(chain); i++ {
			if !want.edges[[2]string{chain[i-1], chain[i]}] {
				t.Errorf("%s: %s does not import %s: %s", mode, chain[i-1], chain[i], line)
			}
		}
	}
	for key := range want.findings {
		if !seen[key] {
			t.Errorf("%s: missing finding %s", mode, strings.ReplaceAll(key, "|", " "))
		}
	}
	for n := range want.unused {
		if !unused[n] {
			t.Errorf("%s: the exception at importrules.toml:%d is unused but not reported", mode, n)
		}
	}
}
