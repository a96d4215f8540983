package checker

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/miglint/miglint/internal/text"
	"github.com/miglint/miglint/report"
)

// goEnvironment is what the go command in a directory says about where
// things are, and what the result cache's keys hold of its settings.
type goEnvironment struct {
	GOROOT, GOMODCACHE, GOMOD, GOWORK                           string
	GOVERSION, GOOS, GOARCH, GOFLAGS, CGO_ENABLED, GOEXPERIMENT string
}

// goEnv asks the go command in dir.
func goEnv(dir string) (goEnvironment, error) {
	var env goEnvironment
	cmd := exec.Command("go", "env", "-json", "GOROOT", "GOMODCACHE", "GOMOD", "GOWORK",
		"GOVERSION", "GOOS", "GOARCH", "GOFLAGS", "CGO_ENABLED", "GOEXPERIMENT")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return env, fmt.Errorf("go env: %v: %s", err, strings.TrimSpace(string(exit.Stderr)))
		}
		return env, fmt.Errorf("go env: %v", err)
	}
	if err := json.Unmarshal(out, &env); err != nil {
		return env, fmt.Errorf("go env -json: %v", err)
	}
	if env.GOROOT == "" {
		return env, errors.New("go env says no GOROOT; check your Go installation (go env GOROOT)")
	}
	return env, nil
}

// immutableFile reports whether a file cannot change under its name: in
// the standard library of a released Go, or in the module cache.
func (env goEnvironment) immutableFile(name string) bool {
	under := func(dir string) bool { return dir != "" && strings.HasPrefix(name, dir+string(filepath.Separator)) }
	return under(env.GOROOT) && !strings.HasPrefix(env.GOVERSION, "devel") || under(env.GOMODCACHE)
}

// inModule reports whether the go command works in a module (or a
// workspace): outside one it says GOMOD is os.DevNull, and only says
// about ./... that the directory "does not contain main module".
func (env goEnvironment) inModule() bool {
	return env.GOMOD != "" && env.GOMOD != os.DevNull || env.GOWORK != "" && env.GOWORK != "off"
}

// moduleRoot is the main module's directory, or dir in a workspace.
func (env goEnvironment) moduleRoot(dir string) string {
	if env.GOMOD != "" && env.GOMOD != os.DevNull {
		return filepath.Dir(env.GOMOD)
	}
	abs, _ := filepath.Abs(dir)
	return abs
}

// loadErrors gathers the errors of every package loaded, in words a user
// can act on, with paths relative to the working directory as findings
// have them. root is the main module's directory.
func loadErrors(root string, pkgs []*packages.Package) error {
	var msgs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			msgs = append(msgs, describeLoadError(root, e))
		}
	})
	if len(msgs) == 0 {
		return nil
	}
	slices.Sort(msgs)
	return fmt.Errorf("cannot load packages; fix these first:\n\t%s", strings.Join(slices.Compact(msgs), "\n\t"))
}

// malformedPath is compiled on first use: go vet's processes link this
// package and never need it.
var malformedPath = text.LazyRegexp(`^malformed import path "([^"]*)": invalid char '(.+)'$`)

// describeLoadError renders one error of go/packages.
func describeLoadError(root string, e packages.Error) string {
	if m := malformedPath().FindStringSubmatch(e.Msg); m != nil {
		// A folder whose name the go command cannot turn into an import
		// path: go names the path and the character, not the folder.
		folder := folderOf(root, m[1])
		what := fmt.Sprintf("the character %s", m[2])
		if m[2] == " " {
			what = "a space"
		}
		return fmt.Sprintf("%s: the folder name has %s, which Go import paths cannot hold, so go cannot load its package; rename it, e.g. to %q",
			report.Relative(folder), what, suggestName(filepath.Base(folder)))
	}
	msg := relativeText(e.Msg)
	if e.Pos == "" || e.Pos == "-" {
		return msg
	}
	return report.Relative(e.Pos) + ": " + msg
}

// folderOf finds the directory of an import path below root: the longest
// tail of the path that is a directory there.
func folderOf(root, importPath string) string {
	segs := strings.Split(importPath, "/")
	for i := range segs {
		p := filepath.Join(append([]string{root}, segs[i:]...)...)
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
	}
	return importPath
}

// suggestName replaces what an import path cannot hold by underscores.
func suggestName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || r == '.' || r == '~' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, name)
}

// relativeText shortens the paths in a message that lie below the working
// directory to relative ones, as findings name files.
func relativeText(msg string) string {
	if wd, err := os.Getwd(); err == nil && wd != string(filepath.Separator) {
		return strings.ReplaceAll(msg, wd+string(filepath.Separator), "")
	}
	return msg
}
