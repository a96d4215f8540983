package versionguard_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/miglint/miglint/analyzers/versionguard"
)

// gureguModule is real DynamoDB code that nobody on the team wrote.
const gureguModule = "github.com/guregu/dynamo/v2@v2.1.1"

// TestGuregu runs the analyzer on every package of gureguModule, taken as
// migrations, and compares the findings with testdata/guregu.txt, where
// each is judged. It downloads the module and its dependencies, so it
// runs only when asked:
//
//	MIGLINT_GUREGU=1 go test -run Guregu ./analyzers/versionguard
func TestGuregu(t *testing.T) {
	if os.Getenv("MIGLINT_GUREGU") == "" || testing.Short() {
		t.Skip("set MIGLINT_GUREGU=1 to download " + gureguModule + " and analyze it")
	}
	out, err := exec.Command("go", "mod", "download", "-json", gureguModule).Output()
	if err != nil {
		t.Fatalf("go mod download %s: %v", gureguModule, err)
	}
	var mod struct{ Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download -json: %v\n%s", err, out)
	}

	// A copy is the main module, as a repository's own code would be, and
	// sits where a configuration can make its packages migrations: each
	// package directory is directly under a root.
	top := t.TempDir()
	copyDir(t, mod.Dir, filepath.Join(top, "roots", "dynamo"))
	config := filepath.Join(top, "importrules.toml")
	var roots []string
	filepath.WalkDir(filepath.Join(top, "roots"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			rel, _ := filepath.Rel(top, p)
			roots = append(roots, fmt.Sprintf("%q", filepath.ToSlash(rel)))
		}
		return err
	})
	if err := os.WriteFile(config, []byte("[migrations]\nroots = ["+strings.Join(roots, ", ")+"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MIGLINT_CONFIG", config)

	dir := filepath.Join(top, "roots", "dynamo")
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir,
		Env: append(os.Environ(), "GOFLAGS=-mod=mod")}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			t.Errorf("load: %v", e)
		}
	})
	if t.Failed() {
		return
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{versionguard.Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act.Package.PkgPath, act.Err)
		}
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			posn := act.Package.Fset.Position(d.Pos)
			rel, _ := filepath.Rel(dir, posn.Filename)
			msg, _, _ := strings.Cut(d.Message, "; a re-run")
			got = append(got, fmt.Sprintf("%s:%d: %s", filepath.ToSlash(rel), posn.Line, msg))
		}
	}
	slices.Sort(got)

	want := readGolden(t, filepath.Join("testdata", "guregu.txt"))
	if !slices.Equal(got, want) {
		t.Errorf("findings on %s differ from testdata/guregu.txt; got:\n%s", gureguModule, strings.Join(got, "\n"))
	}
}

// readGolden returns the lines of a golden file that are neither blank
// nor comments, sorted.
func readGolden(t *testing.T, path string) []string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			lines = append(lines, line)
		}
	}
	slices.Sort(lines)
	return lines
}

// copyDir copies a directory tree, writable (the module cache is not).
func copyDir(t *testing.T, src, dst string) {
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
