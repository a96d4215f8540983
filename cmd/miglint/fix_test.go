package main

import (
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/miglint/miglint/internal/jsonschema"
)

// sealedEnv is the environment of a test run of miglint: the sample's clock
// and a cache of its own (miglint caches parsed configurations in the
// user cache), with go's build cache where it was, so go vet stays fast.
func sealedEnv(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	return []string{"MIGLINT_NOW=" + sampleNow, "XDG_CACHE_HOME=" + t.TempDir(), "GOCACHE=" + strings.TrimSpace(string(out))}
}

// copyTree copies the directory src into a new temporary directory.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// fixed are the files of testdata/fix/src that header's fixes change,
// with their golden results.
var fixed = []string{"0001_no_header", "0002_no_time_lines"}

// TestFixAndDiff: miglint -diff prints header's fixes as a patch that git
// applies and changes nothing; miglint -fix writes them, gofmt-clean,
// then reports what is left; go vet -fix writes the very same bytes.
func TestFixAndDiff(t *testing.T) {
	src, err := filepath.Abs(filepath.Join("testdata", "fix", "src"))
	if err != nil {
		t.Fatal(err)
	}
	env := sealedEnv(t)
	golden := func(name string) string { return readFile(t, filepath.Join("testdata", "fix", name+".golden")) }
	file := func(dir, name string) string {
		return readFile(t, filepath.Join(dir, "migrations", name, "main.go"))
	}

	diffDir := copyTree(t, src)
	stdout, stderr, code := runIn(t, diffDir, env, miglintBin, "-diff", "./...")
	if code != exitFindings {
		t.Errorf("miglint -diff exited %d, want %d (there are findings); stderr:\n%s", code, exitFindings, stderr)
	}
	if want := golden("diff"); stdout != want {
		t.Errorf("miglint -diff printed\n%s\nwant (testdata/fix/diff.golden)\n%s", stdout, want)
	}
	for _, name := range fixed {
		if file(diffDir, name) != file(src, name) {
			t.Errorf("miglint -diff changed %s", name)
		}
	}
	patch := filepath.Join(t.TempDir(), "fix.patch")
	if err := os.WriteFile(patch, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runIn(t, diffDir, nil, "git", "apply", patch); code != 0 {
		t.Fatalf("git apply of miglint -diff's output: exit %d\n%s", code, stderr)
	}

	fixDir := copyTree(t, src)
	stdout, stderr, code = runIn(t, fixDir, env, miglintBin, "-fix", "./...")
	// The skeleton's description is a placeholder: that is what is left.
	if code != exitFindings || !strings.Contains(stdout, "0001_no_header/main.go:1:3: header description") || strings.Count(stdout, "\n") != 1 {
		t.Errorf("miglint -fix: exit %d, output\n%s\nwant exit %d and the skeleton's placeholder alone", code, stdout, exitFindings)
	}
	if !strings.Contains(stderr, "fixes applied: 2; files changed: 2") {
		t.Errorf("miglint -fix stderr:\n%s", stderr)
	}
	for _, name := range fixed {
		got := file(fixDir, name)
		if want := golden(name); got != want {
			t.Errorf("%s after miglint -fix:\n%s\nwant (testdata/fix/%s.golden)\n%s", name, got, name, want)
		}
		if formatted, err := format.Source([]byte(got)); err != nil || string(formatted) != got {
			t.Errorf("%s after miglint -fix is not gofmt-clean (%v)", name, err)
		}
		if file(diffDir, name) != got {
			t.Errorf("%s: the patch of -diff and the result of -fix differ", name)
		}
	}
	if file(fixDir, "0003_clean") != file(src, "0003_clean") {
		t.Error("miglint -fix changed a clean migration")
	}
	// Again: nothing left to fix, nothing changes.
	if _, stderr, _ := runIn(t, fixDir, env, miglintBin, "-fix", "./..."); strings.Contains(stderr, "fixes applied") {
		t.Errorf("a second miglint -fix applied fixes again:\n%s", stderr)
	}

	vetDir := copyTree(t, src)
	if _, stderr, code := runIn(t, vetDir, env, "go", "vet", "-vettool="+miglintBin, "-fix", "./..."); code != 0 {
		t.Fatalf("go vet -fix exited %d:\n%s", code, stderr)
	}
	for _, name := range fixed {
		if file(vetDir, name) != file(fixDir, name) {
			t.Errorf("%s: go vet -fix wrote\n%s\nmiglint -fix\n%s", name, file(vetDir, name), file(fixDir, name))
		}
	}

	if _, stderr, code := runIn(t, src, env, miglintBin, "-fix", "-diff", "./..."); code != exitError || !strings.Contains(stderr, "exclude each other") {
		t.Errorf("miglint -fix -diff: exit %d, stderr %s", code, stderr)
	}
}

// TestLoadErrorMessages: what a new user meets when the packages do not
// load, from the real binary: what to do, which folder, paths relative
// to the working directory.
func TestLoadErrorMessages(t *testing.T) {
	env := sealedEnv(t)
	write := func(path, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const mainGo = "// Copy every total into the new attribute.\n//\n// Execution Time:    pending\n// Finalization Time: pending\npackage main\n\nfunc main() { println() }\n"

	t.Run("outside a module", func(t *testing.T) {
		dir := t.TempDir()
		write(filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
		_, stderr, code := runIn(t, dir, append(env, "GOFLAGS=", "GOWORK="), miglintBin, "./...")
		if want := "miglint: run miglint inside a Go module (a directory with go.mod)\n"; code != exitError || stderr != want {
			t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, exitError, want)
		}
	})

	t.Run("folder with a space", func(t *testing.T) {
		dir := t.TempDir()
		write(filepath.Join(dir, "go.mod"), "module example.com/spaced\n\ngo 1.22\n")
		write(filepath.Join(dir, "migrations", "0001_copy totals", "main.go"), mainGo)
		for _, at := range []struct{ dir, folder string }{{dir, "migrations/0001_copy totals"}, {filepath.Join(dir, "migrations"), "0001_copy totals"}} {
			_, stderr, code := runIn(t, at.dir, env, miglintBin, "./...")
			want := at.folder + `: the folder name has a space, which Go import paths cannot hold, so go cannot load its package; rename it, e.g. to "0001_copy_totals"`
			if code != exitError || !strings.Contains(stderr, "\t"+filepath.FromSlash(want)+"\n") || strings.Contains(stderr, "malformed import path") {
				t.Errorf("in %s: exit %d, stderr:\n%s\nwant %d and\n\t%s", at.dir, code, stderr, exitError, want)
			}
		}
	})

	t.Run("relative paths", func(t *testing.T) {
		dir := t.TempDir()
		write(filepath.Join(dir, "go.mod"), "module example.com/broken\n\ngo 1.22\n")
		write(filepath.Join(dir, "migrations", "0001_copy_totals", "main.go"), mainGo)
		write(filepath.Join(dir, "migrations", "0001_copy_totals", "broken.go"), "package main\n\nfunc broken( {\n")
		_, stderr, code := runIn(t, filepath.Join(dir, "migrations"), env, miglintBin, "./...")
		want := "\t" + filepath.Join("0001_copy_totals", "broken.go") + ":3:"
		if code != exitError || !strings.Contains(stderr, want) || strings.Contains(stderr, dir) {
			t.Errorf("exit %d, stderr:\n%s\nwant %d, %q and no absolute path", code, stderr, exitError, want)
		}

		// Configuration errors too, in both modes.
		write(filepath.Join(dir, "go.mod"), "module example.com/broken\n\ngo 1.22\n")
		if err := os.Remove(filepath.Join(dir, "migrations", "0001_copy_totals", "broken.go")); err != nil {
			t.Fatal(err)
		}
		write(filepath.Join(dir, "importrules.toml"), "[migrations]\nretention_months = \"twelve\"\n")
		for _, mode := range [][]string{{miglintBin, "./..."}, {"go", "vet", "-vettool=" + miglintBin, "./..."}} {
			_, stderr, code := runIn(t, dir, env, mode[0], mode[1:]...)
			if code == 0 || !strings.Contains(stderr, "\nimportrules.toml:2: migrations.retention_months") || strings.Contains(stderr, dir) {
				t.Errorf("%s with a bad importrules.toml: exit %d, stderr:\n%s\nwant the file relative to the working directory", mode[0], code, stderr)
			}
		}
	})
}

// validateSARIF checks miglint's SARIF against the SARIF 2.1.0 schema
// that report's tests ship (GitHub code scanning validates uploads
// against it).
func validateSARIF(t *testing.T, data []byte) {
	t.Helper()
	schema, err := jsonschema.Parse([]byte(readFile(t, filepath.Join("..", "..", "report", "testdata", "sarif-schema-2.1.0.json"))))
	if err != nil {
		t.Fatal(err)
	}
	errs, err := schema.Validate(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("not valid SARIF 2.1.0: %s", e)
	}
}
