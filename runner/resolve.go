package runner

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/miglint/miglint/internal/paths"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

// resolve finds the migration Target names: an existing directory is a
// PATH; anything else is a NAME, the full directory name or just its
// sequence number, looked up under the roots of the configuration that
// governs Dir.
func (r *run) resolve() (*migration.Migration, int) {
	base := r.Dir
	if base == "" {
		var err error
		if base, err = os.Getwd(); err != nil {
			return nil, r.refuse("%v", err)
		}
	}
	base, _ = filepath.Abs(base)
	target := r.Target
	if target == "" {
		return nil, r.usage("name the migration to run: miglint run %s NAME|PATH", r.Mode)
	}

	path := target
	if !filepath.IsAbs(path) {
		path = filepath.Join(base, path)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return r.byPath(path)
	}
	if strings.ContainsRune(target, '/') || strings.ContainsRune(target, filepath.Separator) {
		return nil, r.usage("%s is not a directory; give the migration's directory (e.g. migrations/0608_remove_root_url) or its name (0608_remove_root_url or 0608)", target)
	}
	return r.byName(base, target)
}

func (r *run) config(dir string) (*importrules.Config, int) {
	cfg, err := importrules.ForDir(dir, importrules.Options{})
	if err != nil {
		return nil, r.refuse("invalid configuration; fix it and run again:\n%v", err)
	}
	r.cfg = cfg
	return cfg, 0
}

func (r *run) find(cfg *importrules.Config) ([]*migration.Migration, int) {
	now, err := migration.Now()
	if err != nil {
		return nil, r.refuse("%v", err)
	}
	ms, err := migration.Find(cfg, now)
	if err != nil {
		return nil, r.refuse("cannot list the migrations: %v", err)
	}
	return ms, 0
}

func (r *run) byPath(dir string) (*migration.Migration, int) {
	dir = filepath.Clean(dir)
	cfg, code := r.config(dir)
	if cfg == nil {
		return nil, code
	}
	if _, ok := cfg.MigrationRoot(dir); !ok {
		where := "the default root migrations/"
		if cfg.Path != "" {
			where = "the roots of " + paths.Display(cfg.Path)
		}
		return nil, r.usage("%s is not a migration: a migration is a directory directly under a migrations root (%s: %s)",
			paths.Display(dir), where, strings.Join(displayPaths(cfg.RootDirs()), ", "))
	}
	if _, _, err := migration.ParseName(filepath.Base(dir)); err != nil {
		return nil, r.usage("%s is not a migration: %v", paths.Display(dir), err)
	}
	ms, code := r.find(cfg)
	if ms == nil && code != 0 {
		return nil, code
	}
	for _, m := range ms {
		if m.Dir == dir {
			return r.usable(m)
		}
	}
	return nil, r.usage("%s is not a migration directory", paths.Display(dir))
}

func (r *run) byName(base, name string) (*migration.Migration, int) {
	cfg, code := r.config(base)
	if cfg == nil {
		return nil, code
	}
	ms, code := r.find(cfg)
	if code != 0 {
		return nil, code
	}
	var matches []*migration.Migration
	for _, m := range ms {
		if m.Name == name || isDigits(name) && strings.HasPrefix(m.Name, name+"_") {
			matches = append(matches, m)
		}
	}
	switch len(matches) {
	case 1:
		return r.usable(matches[0])
	case 0:
		return nil, r.usage("no migration named %q under %s; give its directory name (e.g. 0608_remove_root_url), its number (0608) or its path",
			name, strings.Join(displayPaths(cfg.RootDirs()), ", "))
	}
	var names []string
	for _, m := range matches {
		names = append(names, paths.Display(m.Dir))
	}
	return nil, r.usage("%q names %d migrations:\n\t%s\ngive the full directory name", name, len(matches), strings.Join(names, "\n\t"))
}

// usable refuses a migration whose files cannot be read as one.
func (r *run) usable(m *migration.Migration) (*migration.Migration, int) {
	if m.Symlink {
		return nil, r.refuse("%s is a symbolic link; miglint run only runs a migration from its real directory under a migrations root", paths.Display(m.Dir))
	}
	if m.HeaderErr != nil {
		return nil, r.refuse("cannot read %s: %v", paths.Display(m.Dir), m.HeaderErr)
	}
	return m, 0
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func displayPaths(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = paths.Display(p)
	}
	return out
}
