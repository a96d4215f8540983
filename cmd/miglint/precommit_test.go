package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/miglint/miglint/internal/sampletest"
)

// The pre-commit framework itself is a Python package (PyPI), which this
// test does not install; it does what pre-commit does with
// .pre-commit-hooks.yaml instead: install the repository the way its
// golang language does (go install ./... with a fresh GOPATH, whose bin
// goes first on PATH), then run each hook's entry, split as a shell
// would, followed by its args, in the user's repository.

type preCommitHook struct {
	fields map[string]string // scalar keys
	args   []string
}

// readHooks parses .pre-commit-hooks.yaml: a list of flat mappings whose
// values are plain, single- or double-quoted scalars, or (args) a flow
// sequence of double-quoted strings. Anything else fails the test, so
// the file stays in the subset this reader understands.
func readPreCommitHooks(t *testing.T, path string) []preCommitHook {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var hooks []preCommitHook
	for i, line := range strings.Split(string(data), "\n") {
		where := fmt.Sprintf("%s:%d", filepath.Base(path), i+1)
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		switch {
		case strings.HasPrefix(line, "- "):
			hooks = append(hooks, preCommitHook{fields: map[string]string{}})
			line = line[2:]
		case strings.HasPrefix(line, "  ") && len(hooks) > 0:
			line = line[2:]
		default:
			t.Fatalf("%s: not a list of hook mappings: %q", where, line)
		}
		key, value, ok := strings.Cut(line, ": ")
		if !ok || strings.ContainsAny(key, " \"'") {
			t.Fatalf("%s: want KEY: VALUE, got %q", where, line)
		}
		h := &hooks[len(hooks)-1]
		if key == "args" {
			if !strings.HasPrefix(value, "[") || !strings.HasSuffix(value, "]") {
				t.Fatalf("%s: args: want a flow sequence, got %q", where, value)
			}
			for _, a := range strings.Split(strings.Trim(value, "[]"), ",") {
				s, err := strconv.Unquote(strings.TrimSpace(a))
				if err != nil {
					t.Fatalf("%s: args: %q: %v", where, a, err)
				}
				h.args = append(h.args, s)
			}
			continue
		}
		switch {
		case strings.HasPrefix(value, "'"):
			if !strings.HasSuffix(value, "'") || len(value) < 2 {
				t.Fatalf("%s: %s: unterminated single-quoted scalar", where, key)
			}
			value = strings.ReplaceAll(value[1:len(value)-1], "''", "'")
		case strings.HasPrefix(value, `"`):
			if value, err = strconv.Unquote(value); err != nil {
				t.Fatalf("%s: %s: %v", where, key, err)
			}
		case strings.ContainsAny(value[:1], "[{&*!|>%@`"):
			t.Fatalf("%s: %s: %q is beyond this reader's YAML", where, key, value)
		}
		if _, dup := h.fields[key]; dup {
			t.Fatalf("%s: %s twice", where, key)
		}
		h.fields[key] = value
	}
	return hooks
}

// shellSplit splits s into words as a POSIX shell (and Python's
// shlex.split, which pre-commit uses on entry) does: blanks separate,
// quotes group, a backslash escapes.
func shellSplit(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
			continue
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				t.Fatalf("unterminated ' in %q", s)
			}
			w.WriteString(s[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				}
				w.WriteByte(s[i])
			}
			if i == len(s) {
				t.Fatalf("unterminated \" in %q", s)
			}
		case c == '\\' && i+1 < len(s):
			i++
			w.WriteByte(s[i])
		default:
			w.WriteByte(c)
		}
		inWord = true
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// installLikePreCommit runs go install ./... in the repository as
// pre-commit's golang language does and returns the bin directory it
// puts first on PATH.
func installLikePreCommit(t *testing.T) string {
	t.Helper()
	gopath := t.TempDir()
	cmd := exec.Command("go", "install", "./...")
	cmd.Dir = "../.."
	// A fresh GOPATH, no GOBIN; the module cache stays (pre-commit's would
	// download the same modules again).
	cmd.Env = append(os.Environ(), "GOPATH="+gopath, "GOBIN=", "GOMODCACHE="+goEnv(t, "GOMODCACHE"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install ./...: %v\n%s", err, out)
	}
	bin := filepath.Join(gopath, "bin")
	if _, err := os.Stat(filepath.Join(bin, "miglint")); err != nil {
		t.Fatalf("go install ./... installed no miglint: %v", err)
	}
	return bin
}

func TestPreCommitHooks(t *testing.T) {
	hooks := readPreCommitHooks(t, "../../.pre-commit-hooks.yaml")
	byID := map[string]preCommitHook{}
	for _, h := range hooks {
		for _, k := range []string{"id", "name", "entry", "language"} {
			if h.fields[k] == "" {
				t.Fatalf("hook %q has no %s", h.fields["id"], k)
			}
		}
		byID[h.fields["id"]] = h
	}
	for _, id := range []string{"miglint", "miglint-vet"} {
		h, ok := byID[id]
		if !ok {
			t.Fatalf(".pre-commit-hooks.yaml has no hook %q", id)
		}
		// The whole module at once, one process at a time: an import chain
		// or a config edit changes findings in files the commit leaves.
		for k, want := range map[string]string{"language": "golang", "pass_filenames": "false", "require_serial": "true"} {
			if h.fields[k] != want {
				t.Errorf("hook %s: %s: %q, want %q", id, k, h.fields[k], want)
			}
		}
		files := regexp.MustCompile(h.fields["files"])
		for _, f := range []string{"migrations/0001_a/main.go", "go.mod", "dbmodel/go.sum", "importrules.toml", "migrations/importrules.toml"} {
			if !files.MatchString(f) {
				t.Errorf("hook %s does not run for a change of %s", id, f)
			}
		}
		for _, f := range []string{"README.md", "go.modx", "notes/go.mod.txt"} {
			if files.MatchString(f) {
				t.Errorf("hook %s runs for a change of %s", id, f)
			}
		}
	}

	bin := installLikePreCommit(t)
	path := "PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")
	// miglint's own cache in a temporary directory, go's build cache where
	// it is (it follows XDG_CACHE_HOME unless GOCACHE is set).
	env := []string{path, "MIGLINT_NOW=" + sampletest.Now, "GOFLAGS=-mod=mod", "XDG_CACHE_HOME=" + t.TempDir(), "GOCACHE=" + goEnv(t, "GOCACHE")}
	sample := sampletest.Copy(t)
	want := sampletest.Expectations(t, sample)
	clean := t.TempDir()
	writeFiles(t, clean, map[string]string{
		"go.mod": "module example.com/clean\n\ngo 1.26.0\n",
		"migrations/0001_backfill_totals/main.go": migrationSource("Backfill the totals of every cart.", "pending", "pending"),
	})

	for _, h := range hooks {
		argv := append(shellSplit(t, h.fields["entry"]), h.args...)
		// As on pre-commit's PATH, the installed binaries come first.
		if _, err := os.Stat(filepath.Join(bin, argv[0])); err == nil {
			argv[0] = filepath.Join(bin, argv[0])
		}
		t.Run(h.fields["id"], func(t *testing.T) {
			stdout, stderr, code := runIn(t, sample, env, argv[0], argv[1:]...)
			if code == 0 {
				t.Errorf("%q on the sample exited 0, want a failure (it has findings)", argv)
			}
			// Every expected finding, at its position, whatever the mode's
			// line format.
			out := strings.ReplaceAll("\n"+stdout+stderr, "\n./", "\n")
			for k, w := range want {
				pos, _, _ := strings.Cut(k, " ")
				if !strings.Contains(out, "\n"+pos+": ") {
					t.Errorf("%q does not report %s (%s):\n%s", argv, k, w.Source, out)
				}
			}
			if stdout, stderr, code := runIn(t, clean, env, argv[0], argv[1:]...); code != 0 {
				t.Errorf("%q on a clean module exited %d, want 0:\n%s%s", argv, code, stdout, stderr)
			}
		})
	}
	// Without miglint on PATH, miglint-vet must fail, not fall back to go
	// vet's own analyzers and pass.
	vet := byID["miglint-vet"]
	argv := append(shellSplit(t, vet.fields["entry"]), vet.args...)
	noTool := []string{"PATH=" + filepath.Dir(goTool(t)) + string(os.PathListSeparator) + "/usr/bin:/bin", "GOCACHE=" + goEnv(t, "GOCACHE")}
	if _, stderr, code := runIn(t, clean, noTool, argv[0], argv[1:]...); code == 0 || !strings.Contains(stderr, "miglint is not on PATH") {
		t.Errorf("miglint-vet without miglint on PATH: exit %d, stderr %q; want a failure naming the problem", code, stderr)
	}
}

// TestPreCommitReadme: the .pre-commit-config.yaml of README.md names
// this repository and hooks that .pre-commit-hooks.yaml defines.
func TestPreCommitReadme(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(data), "```yaml\n# .pre-commit-config.yaml\n")
	if !ok {
		t.Fatal("README.md has no .pre-commit-config.yaml block")
	}
	block, _, _ = strings.Cut(block, "```")
	repo := regexp.MustCompile(`(?m)^\s+- repo: (\S+)$`).FindStringSubmatch(block)
	if repo == nil || repo[1] != "https://github.com/miglint/miglint" {
		t.Errorf("README's pre-commit snippet: repo %v, want https://github.com/miglint/miglint", repo)
	}
	if !regexp.MustCompile(`(?m)^\s+rev: v\d+\.\d+\.\d+$`).MatchString(block) {
		t.Errorf("README's pre-commit snippet: no rev: vX.Y.Z:\n%s", block)
	}
	ids := map[string]bool{}
	for _, h := range readPreCommitHooks(t, "../../.pre-commit-hooks.yaml") {
		ids[h.fields["id"]] = true
	}
	found := regexp.MustCompile(`(?m)^\s+- id: (\S+)$`).FindAllStringSubmatch(block, -1)
	if len(found) == 0 {
		t.Errorf("README's pre-commit snippet names no hook:\n%s", block)
	}
	for _, m := range found {
		if !ids[m[1]] {
			t.Errorf("README's pre-commit snippet uses hook %q, which .pre-commit-hooks.yaml does not define", m[1])
		}
	}
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

func goTool(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	return p
}
