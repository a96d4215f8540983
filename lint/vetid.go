package lint

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

// RegisterVetVersionFlag installs the -V flag that answers go vet's
// -V=full, before unitchecker.Main, which registers its own -V only when
// none exists. miglint and the benchmark's vet tools share it, so that
// they are cached, and miss the cache, alike.
func RegisterVetVersionFlag() {
	flag.Var(versionFlag{}, "V", "print version and exit")
}

func toolName() string {
	if exe, err := os.Executable(); err == nil {
		return filepath.Base(exe)
	}
	return "miglint"
}

// versionFlag answers go vet's -V=full. go vet caches a package's results
// under the build ID printed here, the tool's flags and the package's own
// inputs. miglint's results also depend on importrules.toml, on
// MIGLINT_CONFIG and MIGLINT_NOW, and on today's date (retention, times in
// the future), so all of them go into the ID: any change to them makes the
// cached results miss.
type versionFlag struct{}

func (versionFlag) IsBoolFlag() bool { return true }
func (versionFlag) Get() any         { return nil }
func (versionFlag) String() string   { return "" }
func (versionFlag) Set(s string) error {
	if s != "full" {
		return fmt.Errorf("unsupported flag value: -V=%s (use -V=full)", s)
	}
	id, err := vetBuildID()
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint: %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("%s version devel buildID=%x\n", toolName(), id)
	os.Exit(0)
	return nil
}

func vetBuildID() ([]byte, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(exe)
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(h, "\x00%s=%s", migration.EnvNow, os.Getenv(migration.EnvNow))
	if os.Getenv(migration.EnvNow) == "" {
		fmt.Fprintf(h, "\x00today=%s", time.Now().UTC().Format(time.DateOnly))
	}
	if p := os.Getenv(importrules.EnvConfig); p != "" {
		hashFile(h, p)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for _, p := range configFiles(cwd) {
		hashFile(h, p)
	}
	return h.Sum(nil), nil
}

// hashFile adds a file's name and content (or its absence) to h.
func hashFile(h io.Writer, path string) {
	data, err := os.ReadFile(path)
	fmt.Fprintf(h, "\x00%s\x00%v\x00%d\x00", path, err != nil, len(data))
	h.Write(data)
}

// configFiles lists every importrules.toml that can govern a package of
// the workspace around dir: those in the module (or go.work) tree, and
// those above dir up to the module root. Directories the go command
// ignores (testdata, vendor, names starting with . or _) are skipped.
func configFiles(dir string) []string {
	root := workspaceRoot(dir)
	var files []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (name == "testdata" || name == "vendor" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() == importrules.FileName {
			files = append(files, p)
		}
		return nil
	})
	return files
}

// workspaceRoot returns the directory of the go.work above dir, else of
// the go.mod, else dir.
func workspaceRoot(dir string) string {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	if root := importrules.ModuleRoot(dir); root != "" {
		return root
	}
	return dir
}
