package checker

import (
	"fmt"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/miglint/miglint/analyzers"
)

// TestLoadListedIsGoPackages loads the sample, and a module with a cgo
// package, its tests, a type error and a syntax error, with go/packages
// and from the listing: alone, after a speculation, after one that the
// listing contradicts, and from the light listing. Every package must
// come out the same: its files, its imports, its module, its errors, the
// types of its declarations and what the type checker recorded.
func TestLoadListedIsGoPackages(t *testing.T) {
	sample, err := filepath.Abs("../testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	modules := map[string]string{"sample": sample}
	if _, err := exec.LookPath("gcc"); err == nil {
		modules["cgo and errors"] = writeFiles(t, map[string]string{
			"go.mod":          "module example.com/c\n\ngo 1.26\n",
			"cg/cg.go":        "package cg\n\n// #include <stdlib.h>\nimport \"C\"\n\n// Abs is C's.\nfunc Abs(n int) int { return int(C.abs(C.int(n))) }\n",
			"cg/cg_test.go":   "package cg\n\nimport \"testing\"\n\nfunc TestAbs(t *testing.T) { _ = Abs(-1) }\n",
			"cg/x_test.go":    "package cg_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/c/cg\"\n)\n\nfunc TestX(t *testing.T) { _ = cg.Abs(1) }\n",
			"cg/asm_amd64.s":  "",
			"cg/other_arm.go": "package cg\n",
			"uses/uses.go":    "package uses\n\nimport (\n\t\"net\"\n\t\"os/user\"\n\n\t\"example.com/c/cg\"\n)\n\nvar A, B, C = net.IPv4len, user.Current, cg.Abs\n",
			"bad/bad.go":      "package bad\n\nvar X int = \"s\"\n",
			"syn/syn.go":      "package syn\n\nfunc F() { x := }\n",
		})
	} else {
		t.Log("no gcc: the cgo module is left out")
	}
	for name, dir := range modules {
		t.Run(name, func(t *testing.T) {
			env, err := goEnv(dir)
			if err != nil {
				t.Fatal(err)
			}
			parse := parseWithoutBodies(env.bodylessDirs())
			cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Tests: true, ParseFile: parse}
			want, err := packages.Load(cfg, "./...")
			if err != nil {
				t.Fatal(err)
			}
			wantDesc := describePackages(want)
			if len(wantDesc) < 10 {
				t.Fatalf("go/packages loaded only %d packages", len(wantDesc))
			}
			// From the listing alone; with a speculation that loaded the
			// dependencies first; with one that a listing contradicts.
			for _, how := range []string{"alone", "speculation", "contradicted speculation", "light"} {
				l, err := list(dir, []string{"./..."})
				if err != nil {
					t.Fatal(err)
				}
				if how == "light" {
					// The type and syntax errors are in bodies, which go
					// list does not read.
					l, err = listLight(dir, scanModule(dir, []string{"./..."}, env))
					if err != nil {
						t.Fatal(err)
					}
				}
				var spec *speculation
				if strings.Contains(how, "speculation") {
					spec = speculate(dir, scanModule(dir, []string{"./..."}, env), env, parse)
					<-spec.ready
					if spec.ld == nil || spec.seed.pkgs["fmt"] == nil {
						t.Fatalf("%s: no speculation, or it lacks fmt", how)
					}
				}
				if how == "contradicted speculation" {
					spec.seed.pkgs["fmt"].GoFiles = spec.seed.pkgs["fmt"].GoFiles[1:]
				}
				got, err := loadListed(env.GOARCH, env.GOVERSION, l, l.roots, parse, spec)
				if err != nil {
					t.Fatal(err)
				}
				if taken := spec != nil && spec.ld != nil; taken != (how == "speculation") {
					t.Errorf("%s: speculation taken: %v", how, taken)
				}
				t.Run(how, func(t *testing.T) { compareLoads(t, name, want, got) })
			}
		})
	}
}

// compareLoads holds the packages loaded from the listing to those of
// go/packages.
func compareLoads(t *testing.T, module string, want, got []*packages.Package) {
	wantDesc, gotDesc := describePackages(want), describePackages(got)
	for id, w := range wantDesc {
		if g, ok := gotDesc[id]; !ok {
			t.Errorf("%s: not loaded from the listing", id)
		} else if g != w {
			t.Errorf("%s differs:\ngo/packages:\n%s\nfrom the listing:\n%s", id, w, g)
		}
	}
	for id := range gotDesc {
		if _, ok := wantDesc[id]; !ok {
			t.Errorf("%s: loaded from the listing only", id)
		}
	}
	if !slices.Equal(ids(want), ids(got)) {
		t.Errorf("roots differ:\ngo/packages: %q\nfrom the listing: %q", ids(want), ids(got))
	}
	if module != "sample" {
		for _, id := range []string{"example.com/c/cg [example.com/c/cg.test]", "example.com/c/bad", "example.com/c/syn", "net", "runtime/cgo"} {
			if _, ok := wantDesc[id]; !ok {
				t.Errorf("%s: not among the packages; the module no longer tests what it should", id)
			}
		}
	}
}

func ids(pkgs []*packages.Package) []string {
	var out []string
	for _, p := range pkgs {
		out = append(out, p.ID)
	}
	slices.Sort(out)
	return out
}

// describePackages renders what an analysis sees of each package reached
// from roots, by ID.
func describePackages(roots []*packages.Package) map[string]string {
	out := map[string]string{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		var b strings.Builder
		fmt.Fprintf(&b, "name %s, path %s, dir %s, for test %q, ill-typed %v\n", p.Name, p.PkgPath, p.Dir, p.ForTest, p.IllTyped)
		fmt.Fprintf(&b, "go files %q\ncompiled %q\nother %q\nignored %q\n", p.GoFiles, p.CompiledGoFiles, p.OtherFiles, p.IgnoredFiles)
		if m := p.Module; m != nil {
			fmt.Fprintf(&b, "module %s@%s go %s main %v dir %s\n", m.Path, m.Version, m.GoVersion, m.Main, m.Dir)
		}
		var imports []string
		for path, q := range p.Imports {
			imports = append(imports, path+" = "+q.ID)
		}
		slices.Sort(imports)
		fmt.Fprintf(&b, "imports %q\n", imports)
		for _, e := range p.Errors {
			fmt.Fprintf(&b, "error %s: %s (%d)\n", e.Pos, e.Msg, e.Kind)
		}
		fmt.Fprintf(&b, "type errors %d, sizes %v, files parsed %d\n", len(p.TypeErrors), p.TypesSizes, len(p.Syntax))
		if p.Types != nil {
			fmt.Fprintf(&b, "types %s %s complete %v\n", p.Types.Path(), p.Types.Name(), p.Types.Complete())
			for _, name := range p.Types.Scope().Names() {
				fmt.Fprintf(&b, "\t%s\n", types.ObjectString(p.Types.Scope().Lookup(name), nil))
			}
		}
		if i := p.TypesInfo; i != nil {
			fmt.Fprintf(&b, "info: %d types, %d defs, %d uses, %d implicits, %d instances, %d scopes, %d selections, %d versions\n",
				len(i.Types), len(i.Defs), len(i.Uses), len(i.Implicits), len(i.Instances), len(i.Scopes), len(i.Selections), len(i.FileVersions))
		}
		out[p.ID] = b.String()
	})
	return out
}

func TestGoVersionSkew(t *testing.T) {
	var minor int
	fmt.Sscanf(runtime.Version(), "go1.%d", &minor)
	for version, want := range map[string]bool{
		fmt.Sprintf("go1.%d.3", minor):   false,
		fmt.Sprintf("go1.%d", minor-1):   false,
		fmt.Sprintf("go1.%d.0", minor+1): true,
		"devel abc":                      false,
	} {
		if got := goVersionSkew(version); (got != "") != want || want && !strings.Contains(got, fmt.Sprintf("go1.%d of 'go list'", minor+1)) {
			t.Errorf("goVersionSkew(%q) = %q", version, got)
		}
	}
}

// TestPackagesDriver: with GOPACKAGESDRIVER set, go/packages asks the
// driver, as it did before the checker listed packages itself.
func TestPackagesDriver(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake driver is a shell script")
	}
	cacheEnv(t, "2026-06-15")
	dir := cacheModule(t)
	driver := filepath.Join(t.TempDir(), "driver")
	write(t, driver, "#!/bin/sh\necho the fake driver was asked >&2\nexit 3\n")
	if err := os.Chmod(driver, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GOPACKAGESDRIVER", driver)
	if _, err := Check(dir, []string{"./..."}, analyzers.All); err == nil || !strings.Contains(err.Error(), "the fake driver was asked") {
		t.Errorf("Check with GOPACKAGESDRIVER = %v; want the driver's error", err)
	}
}
