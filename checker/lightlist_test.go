package checker

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/miglint/miglint/analyzers"
)

// lightModule has a directory of each kind that scanModule tells apart:
// plain packages (a library, migrations, one importing an internal
// package of its own tree), and packages the go command must list
// (tests, a file constrained by name or by a directive, assembly, an
// embedded file, cgo, a file of another package), and folders that hold
// no package of the module (testdata, _ and . folders, another module,
// only a README, only files starting with _).
var lightModule = map[string]string{
	"go.mod":                         "module example.com/e\n\ngo 1.26\n",
	"lib/lib.go":                     "package lib\n\nimport \"strings\"\n\nvar Up = strings.ToUpper\n",
	"lib/_old.go":                    "package lib\n\nthis is not Go\n",
	"lib/notes.md":                   "not a file the go command lists\n",
	"migrations/0001_a/main.go":      "package main\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/e/lib\"\n)\n\nfunc main() { fmt.Println(lib.Up(\"a\")) }\n",
	"migrations/0002_b/main.go":      "// Package main does b.\npackage main\n\nfunc main() {}\n",
	"migrations/0002_b/helper.go":    "package main\n\nimport _ \"unsafe\"\n",
	"migrations/0003_t/main.go":      "package main\n\nimport \"example.com/e/lib\"\n\nfunc main() { _ = lib.Up }\n",
	"migrations/0003_t/main_test.go": "package main\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
	"migrations/0004_x/main.go":      "package main\n\nfunc main() {}\n",
	"migrations/0004_x/x_test.go":    "package main_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/e/lib\"\n)\n\nfunc TestX(t *testing.T) { _ = lib.Up }\n",
	"tree/internal/deep/deep.go":     "package deep\n\nconst N = 1\n",
	"tree/user/user.go":              "package user\n\nimport \"example.com/e/tree/internal/deep\"\n\nconst N = deep.N\n",
	"named/n.go":                     "package named\n",
	"named/n_linux.go":               "package named\n\nconst OnLinux = true\n",
	"named/n_windows.go":             "package named\n\nconst OnWindows = true\n",
	"directive/d.go":                 "//go:build !plan9\n\npackage directive\n",
	"asm/a.go":                       "package asm\n\nfunc F()\n",
	"asm/a_amd64.s":                  "",
	"asm/a_arm64.s":                  "",
	"asm/a.s":                        "",
	"embeds/e.go":                    "package embeds\n\nimport _ \"embed\"\n\n//go:embed e.txt\nvar E string\n",
	"embeds/e.txt":                   "hello\n",
	"onlytests/o_test.go":            "package onlytests\n",
	"testdata/t/t.go":                "package t\n",
	"_skip/s.go":                     "package s\n",
	".hidden/h.go":                   "package h\n",
	"nested/go.mod":                  "module example.com/nested\n\ngo 1.26\n",
	"nested/n.go":                    "package nested\n",
	"docs/README.md":                 "no Go here\n",
	"ignored/_i.go":                  "package ignored\n",
	"migrations/0005_n/main.go":      "package main\n\nimport \"example.com/e/named\"\n\nvar _ = named.OnLinux\n\nfunc main() {}\n",
}

// TestListLightIsGoList lists modules both ways: listLight must describe
// every package as go list -deps -test does, field by field, with the
// same roots, and list the plain directories itself.
func TestListLightIsGoList(t *testing.T) {
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOWORK", "off")
	sample, err := filepath.Abs("../testdata/sample")
	if err != nil {
		t.Fatal(err)
	}
	modules := map[string]struct {
		dir      string
		patterns []string
		plain    int // directories listLight lists itself; -1: some, not all
	}{
		"sample":            {sample, []string{"./..."}, -1},
		"kinds":             {writeFiles(t, lightModule), []string{"./..."}, 6},
		"kinds, two trees":  {"", []string{"./migrations/...", "./tree/..."}, 5},
		"kinds, one folder": {"", []string{"./migrations/0001_a"}, 1},
		"no imports":        {writeFiles(t, map[string]string{"go.mod": "module example.com/n\n\ngo 1.26\n", "a/a.go": "package a\n"}), []string{"./..."}, 1},
	}
	for _, name := range []string{"kinds, two trees", "kinds, one folder"} {
		m := modules[name]
		m.dir = modules["kinds"].dir
		modules[name] = m
	}
	// Through a symlink to the module, as a shell's working directory
	// may be: both name the files by the link.
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(modules["kinds"].dir, link); err == nil {
		modules["kinds, through a symlink"] = struct {
			dir      string
			patterns []string
			plain    int
		}{link, []string{"./..."}, 6}
	}
	for name, m := range modules {
		t.Run(name, func(t *testing.T) {
			env, err := goEnv(m.dir)
			if err != nil {
				t.Fatal(err)
			}
			scan := scanModule(m.dir, m.patterns, env)
			plain := 0
			for _, md := range scan.dirs {
				if md.plain {
					plain++
				}
			}
			if m.plain >= 0 && plain != m.plain || m.plain < 0 && (plain == 0 || plain == len(scan.dirs)) {
				t.Errorf("%d plain directories; want %d", plain, m.plain)
				for _, md := range scan.dirs {
					t.Logf("%s plain %v", md.rel, md.plain)
				}
			}
			light, err := listLight(m.dir, scan)
			if err != nil {
				t.Fatal(err)
			}
			full, err := list(m.dir, m.patterns)
			if err != nil {
				t.Fatal(err)
			}
			compareListings(t, full, light)
		})
	}
	// From the module's directory, as miglint ./... runs (Check("."...)).
	t.Run("kinds, from its directory", func(t *testing.T) {
		t.Chdir(modules["kinds"].dir)
		env, err := goEnv(".")
		if err != nil {
			t.Fatal(err)
		}
		light, err := listLight(".", scanModule(".", []string{"./..."}, env))
		if err != nil {
			t.Fatal(err)
		}
		full, err := list(".", []string{"./..."})
		if err != nil {
			t.Fatal(err)
		}
		compareListings(t, full, light)
	})
}

// compareListings holds a light listing to the go command's.
func compareListings(t *testing.T, full, light *listing) {
	t.Helper()
	for id, p := range full.pkgs {
		q := light.pkgs[id]
		switch {
		case q == nil:
			t.Errorf("%s: not listed light", id)
		case !sameListed(p, q) || p.DepOnly != q.DepOnly:
			t.Errorf("%s differs:\ngo list: %+v\nlight:   %+v", id, *p, *q)
		}
	}
	for id := range light.pkgs {
		if full.pkgs[id] == nil {
			t.Errorf("%s: listed light only", id)
		}
	}
	if !slices.Equal(rootIDs(full), rootIDs(light)) {
		t.Errorf("roots differ:\ngo list: %q\nlight:   %q", rootIDs(full), rootIDs(light))
	}
}

func rootIDs(l *listing) []string {
	var out []string
	for _, p := range l.roots {
		out = append(out, p.ImportPath)
	}
	slices.Sort(out)
	return out
}

// TestListLightDeclines: what listLight cannot vouch for goes to the full
// go list, which reports the errors.
func TestListLightDeclines(t *testing.T) {
	t.Setenv("GOWORK", "off")
	base := map[string]string{
		"go.mod":      "module example.com/d\n\ngo 1.26\n",
		"lib/lib.go":  "package lib\n",
		"cmd/main.go": "package main\n\nimport _ \"example.com/d/lib\"\n\nfunc main() {}\n",
	}
	with := func(files map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range files {
			out[k] = v
		}
		return out
	}
	for name, c := range map[string]struct {
		files    map[string]string
		patterns []string
		goflags  string
	}{
		"a vendor directory":        {with(map[string]string{"vendor/modules.txt": ""}), []string{"./..."}, ""},
		"-mod=vendor":               {base, []string{"./..."}, "-mod=vendor"},
		"a package path":            {base, []string{"example.com/d/lib"}, ""},
		"files":                     {base, []string{"./cmd/main.go"}, ""},
		"a folder without Go files": {with(map[string]string{"empty/README": ""}), []string{"./empty"}, ""},
		"another module's folder":   {with(map[string]string{"sub/go.mod": "module example.com/sub\n\ngo 1.26\n", "sub/s.go": "package sub\n"}), []string{"./sub/..."}, ""},
		"an internal package of another tree": {with(map[string]string{
			"a/internal/x/x.go": "package x\n",
			"b/b.go":            "package b\n\nimport _ \"example.com/d/a/internal/x\"\n",
		}), []string{"./..."}, ""},
		"the standard library's internal": {with(map[string]string{"b/b.go": "package b\n\nimport _ \"internal/abi\"\n"}), []string{"./..."}, ""},
		"an import of a main package":     {with(map[string]string{"b/b.go": "package b\n\nimport _ \"example.com/d/cmd\"\n"}), []string{"./..."}, ""},
		"a missing package":               {with(map[string]string{"b/b.go": "package b\n\nimport _ \"example.com/d/nothere\"\n"}), []string{"./..."}, ""},
		"an import cycle": {with(map[string]string{
			"lib/lib.go": "package lib\n\nimport _ \"example.com/d/b\"\n",
			"b/b.go":     "package b\n\nimport _ \"example.com/d/lib\"\n",
		}), []string{"./..."}, ""},
		"a test with an error": {with(map[string]string{"lib/lib_test.go": "package lib\n\nimport _ \"example.com/d/nothere\"\n"}), []string{"./..."}, ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("GOFLAGS", c.goflags)
			dir := writeFiles(t, c.files)
			env, err := goEnv(dir)
			if err != nil {
				t.Fatal(err)
			}
			if l, err := listLight(dir, scanModule(dir, c.patterns, env)); !errors.Is(err, errDeclined) {
				t.Errorf("listLight = %v, %v; want it to decline", l, err)
			}
		})
	}
}

// TestListLightSymlink: a symlink in a package's folder sends it to the
// go command.
func TestListLightSymlink(t *testing.T) {
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOWORK", "off")
	dir := writeFiles(t, map[string]string{"go.mod": "module example.com/s\n\ngo 1.26\n", "a/a.go": "package a\n", "b/b.go": "package b\n", "c.txt": "package b\n"})
	if err := os.Symlink(filepath.Join(dir, "c.txt"), filepath.Join(dir, "b", "c.go")); err != nil {
		t.Skip(err)
	}
	env, err := goEnv(dir)
	if err != nil {
		t.Fatal(err)
	}
	scan := scanModule(dir, []string{"./..."}, env)
	for _, md := range scan.dirs {
		if md.plain != (md.rel == "a") {
			t.Errorf("%s: plain %v", md.rel, md.plain)
		}
	}
}

// TestDeclinedEnv: a go command newer than the go/build miglint was
// built with may list by rules the scan does not know.
func TestDeclinedEnv(t *testing.T) {
	root := t.TempDir()
	env := goEnvironment{GOMOD: filepath.Join(root, "go.mod"), GOVERSION: runtime.Version()}
	if why := declinedEnv(env, root); why != "" {
		t.Errorf("declinedEnv(%s) = %q; want none", env.GOVERSION, why)
	}
	var minor int
	fmt.Sscanf(runtime.Version(), "go1.%d", &minor)
	env.GOVERSION = fmt.Sprintf("go1.%d.0", minor+1)
	if why := declinedEnv(env, root); why == "" {
		t.Errorf("declinedEnv(%s) declines nothing", env.GOVERSION)
	}
}

// TestSampleListedLight: miglint ./... in the sample, as a user runs it
// (Check from "."), lists light; its two tested migrations go to the go
// command.
func TestSampleListedLight(t *testing.T) {
	cacheEnv(t, "2026-06-15")
	t.Chdir("../testdata/sample")
	listedLight.Store(false)
	if _, err := Check(".", []string{"./..."}, analyzers.All); err != nil {
		t.Fatal(err)
	}
	if !listedLight.Load() {
		t.Error("Check in the sample used the full go list; want the light listing")
	}
}
