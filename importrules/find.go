package importrules

import (
	"os"
	"path/filepath"
	"sync"
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
	dir, _ = filepath.Abs(dir)
	for d := dir; ; d = filepath.Dir(d) {
		if fileExists(filepath.Join(d, "go.mod")) {
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

var cache struct {
	sync.Mutex
	byDir  map[string]result
	byPath map[string]result
}

type result struct {
	cfg *Config
	err error
}

// ForDir returns the configuration that governs the package in dir,
// loading each file once per process.
func ForDir(dir string) (*Config, error) {
	cache.Lock()
	defer cache.Unlock()
	if r, ok := cache.byDir[dir]; ok {
		return r.cfg, r.err
	}
	if cache.byDir == nil {
		cache.byDir, cache.byPath = map[string]result{}, map[string]result{}
	}
	path, root := Find(dir)
	var r result
	switch cached, ok := cache.byPath[path]; {
	case path == "":
		r.cfg = Default(root)
	case ok:
		r = cached
	default:
		r.cfg, r.err = Load(path)
		cache.byPath[path] = r
	}
	cache.byDir[dir] = r
	return r.cfg, r.err
}
