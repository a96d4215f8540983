package importrules

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/miglint/miglint/internal/paths"
)

// A configuration that checks nothing must not pass as one that found
// nothing: these checks make the ways a valid-looking file can miss every
// migration an error.

// baseDir returns the directory the relative paths of the configuration
// file at path resolve against when it governs the package in dir: the
// file's own directory, unless the file lies outside the module holding
// dir (a shared file named by MIGLINT_CONFIG or -config), in which case
// the module root: one shared file then serves every repository alike,
// roots = ["migrations"] meaning each module's own migrations folder.
func baseDir(path, dir string) string {
	own := filepath.Dir(path)
	if dir == "" {
		return own
	}
	module := ModuleRoot(dir)
	if module == "" || paths.Within(path, module) {
		return own
	}
	return module
}

// baseName says, in an error, what the relative paths are relative to.
func (v *validator) baseName() string {
	if v.shared {
		return "the module root " + v.base + " (this file lies outside the module, so its paths are relative to the module)"
	}
	return "this config's directory"
}

// rootsExist reports a root that is not an existing directory: a typo
// (roots = ["migration"]) would otherwise make every check pass on a
// repository whose migrations it never looks at. A shared file is held to
// this for the default root too, since it has no folder of its own that
// would justify "no migrations yet".
func (v *validator) rootsExist(c *Config, explicit bool) {
	if !explicit && !v.shared {
		return
	}
	for _, r := range c.Migrations.Roots {
		if r == "" || filepath.IsAbs(r) || outside(r) {
			continue // reported by roots
		}
		if problem := rootProblem(c.Dir, r); problem != "" {
			where := v.baseName() + " " + c.Dir
			if v.shared {
				where = v.baseName()
			}
			v.errorf("migrations", 0, "roots", "%q %s in %s; fix the name, create the folder, or set roots to the folders that hold the migrations, e.g. roots = [\"migrations\"]", r, problem, where)
		}
	}
}

// rootProblem says what is wrong with a root, or "" for an existing
// directory.
func rootProblem(dir, root string) string {
	st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(root)))
	switch {
	case err != nil:
		return "does not exist"
	case !st.IsDir():
		return "is a file, not a folder"
	}
	return ""
}

// rootsStillExist reports whether every root is still a directory, for a
// parsed copy from the cache.
func (c *Config) rootsStillExist() bool {
	for _, r := range c.Migrations.Roots {
		if rootProblem(c.Dir, r) != "" {
			return false
		}
	}
	return true
}

// rulesSpareMigrations reports a rule that applies to the migrations (no
// from) but whose packages, allow or via match the migrations themselves:
// forbiddenimport leaves a package alone under a rule that is about it, so
// such a rule would check no migration at all.
func (v *validator) rulesSpareMigrations(c *Config) {
	paths := migrationImportPaths(c)
	if len(paths) == 0 {
		return
	}
	for i, r := range c.Forbidden {
		if len(r.From) > 0 {
			continue
		}
	rule:
		for _, kv := range []struct {
			key  string
			list []string
		}{{"packages", r.Packages}, {"allow", r.Allow}, {"via", r.Via}} {
			for _, p := range paths {
				if pat, ok := LongestMatch(kv.list, p); ok {
					v.errorf("forbidden", i, kv.key, "%q matches the migrations themselves (%s), so the rule checks none of them; name what migrations must not import, e.g. [\"github.com/aws/aws-sdk-go-v2/service/dynamodb/...\"]", pat, p)
					break rule
				}
			}
		}
	}
}

// migrationImportPaths returns the import path of each migration directory
// under c's roots, and of a new one in each root, when the roots lie in a
// module; else nil.
func migrationImportPaths(c *Config) []string {
	module := ModuleRoot(c.Dir)
	if module == "" {
		return nil
	}
	modPath := modulePath(filepath.Join(module, "go.mod"))
	if modPath == "" {
		return nil
	}
	var pkgs []string
	for _, root := range c.RootDirs() {
		rel, ok := paths.Rel(module, root)
		if !ok {
			continue
		}
		base := modPath
		if rel != "." {
			base += "/" + filepath.ToSlash(rel)
		}
		pkgs = append(pkgs, base+"/0000_new")
		entries, _ := os.ReadDir(root)
		for _, e := range entries {
			if e.IsDir() {
				pkgs = append(pkgs, base+"/"+e.Name())
			}
		}
	}
	return pkgs
}

// modulePath reads the module path from a go.mod file, or "".
func modulePath(gomod string) string {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return ""
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "//")
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "module" {
			if p, err := strconv.Unquote(f[1]); err == nil {
				return p
			}
			return f[1]
		}
	}
	return ""
}

// entryKey names the entry of an array of tables that holds line, as
// the validator does ("exception[2].expires"), for a decoding error that
// BurntSushi/toml reports as "exception.expires".
func entryKey(kl *keyLines, key string, line int) string {
	table, last, ok := strings.Cut(key, ".")
	if !ok || (table != "forbidden" && table != "exception") || line <= 0 {
		return key
	}
	index := -1
	for i, l := range kl.tables[table] {
		if l <= line {
			index = i
		}
	}
	if index < 0 {
		return key
	}
	return fmt.Sprintf("%s[%d].%s", table, index+1, last)
}
