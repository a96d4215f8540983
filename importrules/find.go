package importrules

import (
	"os"
	"path/filepath"
	"sync"

	"github.com/miglint/miglint/internal/paths"
)

// Find returns the path of the configuration file that governs dir: the
// file MIGLINT_CONFIG names, else the first importrules.toml found walking
// up from dir to the directory holding go.mod. It returns "" when there is
// none, along with the module root (or dir, outside a module) that the
// defaults resolve paths against.
func Find(dir string) (configPath, moduleRoot string) {
	if p := os.Getenv(EnvConfig); p != "" {
		abs, err := filepath.Abs(p)
		if err != nil {
			abs = p
		}
		return abs, filepath.Dir(abs)
	}
	dir, _ = filepath.Abs(dir)
	for d := dir; ; {
		if fileExists(filepath.Join(d, FileName)) {
			return filepath.Join(d, FileName), d
		}
		if fileExists(filepath.Join(d, "go.mod")) {
			return "", d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", dir
		}
		d = parent
	}
}

// ModuleRoot returns the directory holding the go.mod that governs dir,
// or "" outside a module.
func ModuleRoot(dir string) string {
	root, _ := paths.FindUp(dir, "go.mod")
	return root
}

// A Finder is Find with each directory's answer remembered, its parents'
// too: a run over many packages asks about the same directories again and
// again (15,000 stats on 1,000 migrations). A Finder serves one run: it
// does not see a file created after it looked.
type Finder struct {
	mu   sync.Mutex
	dirs map[string]found
}

// found is what the walk up from a directory found: a configuration file
// (and so its directory), a go.mod alone, or neither up to the root.
type found struct {
	configPath, moduleRoot string
	none                   bool
}

// Find is Find, remembered.
func (f *Finder) Find(dir string) (configPath, moduleRoot string) {
	if os.Getenv(EnvConfig) != "" {
		return Find(dir)
	}
	dir, _ = filepath.Abs(dir)
	if r := f.walk(dir); !r.none {
		return r.configPath, r.moduleRoot
	}
	return "", dir
}

func (f *Finder) walk(d string) found {
	f.mu.Lock()
	r, ok := f.dirs[d]
	f.mu.Unlock()
	if ok {
		return r
	}
	switch parent := filepath.Dir(d); {
	case fileExists(filepath.Join(d, FileName)):
		r = found{configPath: filepath.Join(d, FileName), moduleRoot: d}
	case fileExists(filepath.Join(d, "go.mod")):
		r = found{moduleRoot: d}
	case parent == d:
		r = found{none: true}
	default:
		r = f.walk(parent)
	}
	f.mu.Lock()
	if f.dirs == nil {
		f.dirs = map[string]found{}
	}
	f.dirs[d] = r
	f.mu.Unlock()
	return r
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// Options say how to find and load a configuration.
type Options struct {
	// File names the configuration file to use instead of discovery (it
	// takes precedence over MIGLINT_CONFIG).
	File string
	// Validated says that the file was validated in full, exception files
	// included, earlier in this run (go vet's -V=full step), so a parsed
	// copy in the cache is taken without checking the files again.
	Validated bool
}

// ForDir returns the configuration that governs the package in dir: the
// file Options.File or MIGLINT_CONFIG names, else the one discovery finds,
// else the defaults. A named file that lies outside the module holding dir
// is a shared one: its paths resolve against that module's root (LoadFor).
func ForDir(dir string, o Options) (*Config, error) {
	path, root := Find(dir)
	if o.File != "" {
		abs, err := filepath.Abs(o.File)
		if err != nil {
			return nil, err
		}
		path = abs
	}
	if path == "" {
		return Default(root), nil
	}
	if o.File == "" && os.Getenv(EnvConfig) == "" {
		// Discovery stops at the first go.mod, so the file it found lies
		// in dir's module: its paths are relative to its own directory,
		// and load need not look for the module root again.
		dir = ""
	}
	return load(path, dir, o.Validated)
}
