package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/miglint/miglint/internal/paths"

	"github.com/miglint/miglint/importrules"
	gitrun "github.com/miglint/miglint/internal/git" // the tests call their helper git
	"github.com/miglint/miglint/migration"
)

// deleter removes stale migrations, never anything that could not be
// brought back. Inside a git work tree it stages the removal with git rm
// -r, and only of a migration whose every file git holds as committed:
// one with an ignored, untracked or changed file, a nested repository or
// a submodule is refused whole. Outside git it removes the directory
// itself, after moving it aside.
type deleter struct {
	// git is the top of the git work tree holding the migrations, or ""
	// to remove files directly.
	git string
}

// newDeleter returns a deleter for migrations under dir, using git when
// dir is inside a git work tree.
func newDeleter(dir string) *deleter {
	d := &deleter{}
	if top, err := gitrun.TopLevel(dir); err == nil {
		d.git = top
	}
	return d
}

// errRefused marks a migration that delete would not touch; nothing of it
// was removed.
var errRefused = errors.New("refused")

// asidePrefix starts the name a migration gets while it is removed
// outside git: a rerun finds such a directory and finishes it.
const asidePrefix = ".miglint-deleting-"

// delete removes one stale migration's directory, all of it or nothing:
// never anything outside a migrations root or behind a symbolic link.
func (d *deleter) delete(cfg *importrules.Config, e migration.StaleEntry) error {
	if err := checkDeletable(cfg, e.Dir); err != nil {
		return fmt.Errorf("%w: %v", errRefused, err)
	}
	if d.git != "" {
		return d.gitRemove(e.Dir)
	}
	return removeAside(e.Dir)
}

// checkDeletable makes sure dir is a real directory directly under one of
// cfg's roots, with no symbolic link on the way from the config's
// directory down to it.
func checkDeletable(cfg *importrules.Config, dir string) error {
	if _, ok := cfg.MigrationRoot(dir); !ok {
		return fmt.Errorf("%s is not directly under a migrations root", dir)
	}
	rel, err := filepath.Rel(cfg.Dir, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("%s is outside %s", dir, cfg.Dir)
	}
	p := cfg.Dir
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		if err != nil {
			return err
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link; miglint never deletes through links", p)
		}
	}
	return nil
}

// gitRemove stages the removal of dir with git rm -r, once git has said
// that it could restore every file there from the last commit. git status
// without --ignored and git rm -r followed by a plain removal would lose
// what git never held: an ignored backup file, a nested repository and its
// history, a submodule's unpushed commits.
func (d *deleter) gitRemove(dir string) error {
	rel, err := filepath.Rel(d.git, dir)
	if err != nil {
		return err
	}
	spec := gitrun.Pathspec(rel)
	status, err := gitrun.Run(d.git, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--ignored=matching", "--", spec)
	if err != nil {
		return err
	}
	var unsafe []string
	for e := range strings.SplitSeq(status, "\x00") {
		if len(e) < 4 {
			continue // also the source of a rename: its target is listed too
		}
		unsafe = append(unsafe, relTo(dir, d.git, e[3:])+" ("+describeGitStatus(e[:2])+")")
	}
	tracked, err := gitrun.Run(d.git, "ls-files", "-s", "-v", "-z", "--", spec)
	if err != nil {
		return err
	}
	n := 0
	for e := range strings.SplitSeq(tracked, "\x00") {
		// "TAG MODE OBJECT STAGE\tPATH"
		meta, path, ok := strings.Cut(e, "\t")
		if !ok {
			continue
		}
		n++
		fields := strings.Fields(meta)
		switch {
		case len(fields) == 4 && fields[1] == "160000":
			unsafe = append(unsafe, relTo(dir, d.git, path)+" (a submodule: its commits and work tree are not in this repository)")
		case len(fields) == 4 && (fields[0] == "S" || strings.ToLower(fields[0]) == fields[0]):
			// Skip-worktree and assume-unchanged files hide their local
			// changes from git status.
			unsafe = append(unsafe, relTo(dir, d.git, path)+" (marked skip-worktree or assume-unchanged, so git does not see its changes)")
		}
	}
	if len(unsafe) > 0 {
		slices.Sort(unsafe)
		return fmt.Errorf("%w: it holds what git could not bring back after the removal: %s; commit, move or remove these yourself, then run again",
			errRefused, strings.Join(slices.Compact(unsafe), ", "))
	}
	if n == 0 {
		return fmt.Errorf("%w: git does not track it; remove it by hand if it should go", errRefused)
	}
	if _, err := gitrun.Run(d.git, "rm", "-r", "-q", "--", spec); err != nil {
		return err
	}
	// git rm leaves the directories it emptied only when something is
	// left in them; remove the empty ones and name anything else.
	return removeEmptyDirs(dir)
}

func describeGitStatus(xy string) string {
	switch {
	case xy == "!!":
		return "ignored by git, never committed"
	case xy == "??":
		return "untracked"
	case strings.Contains(xy, "U") || xy == "AA" || xy == "DD":
		return "unmerged"
	default:
		return "uncommitted changes"
	}
}

// relTo shows a path git printed relative to top as a path relative to
// the migration directory dir.
func relTo(dir, top, gitPath string) string {
	p := filepath.Join(top, filepath.FromSlash(strings.TrimSuffix(gitPath, "/")))
	if rel, err := filepath.Rel(dir, p); err == nil {
		if strings.HasSuffix(gitPath, "/") {
			rel += "/"
		}
		return filepath.ToSlash(rel)
	}
	return gitPath
}

// removeEmptyDirs removes dir and the directories below it when they hold
// nothing else, deepest first, and names what it had to leave.
func removeEmptyDirs(dir string) error {
	var dirs, left []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if e.IsDir() {
			dirs = append(dirs, p)
		} else {
			rel, _ := filepath.Rel(dir, p)
			left = append(left, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(left) > 0 {
		return fmt.Errorf("git rm -r removed the tracked files, but these appeared meanwhile and were left: %s", strings.Join(left, ", "))
	}
	for _, p := range slices.Backward(dirs) {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

// removeAside first renames the directory to a hidden name in the same
// root, which is atomic: either the migration is gone from its place or
// it is untouched. Only then are its files removed. When that fails
// halfway, the rest stays under the hidden name, where the next miglint
// stale --delete finds it and finishes (finishAside).
func removeAside(dir string) error {
	aside := filepath.Join(filepath.Dir(dir), asidePrefix+filepath.Base(dir))
	if err := os.Rename(dir, aside); err != nil {
		return err
	}
	if err := os.RemoveAll(aside); err != nil {
		return fmt.Errorf("moved it to %s, but could not remove all of it (%v); fix that and run miglint stale --delete again, which finishes it", paths.Display(aside), err)
	}
	return nil
}

// unfinished lists the directories that an earlier removal outside git
// moved aside but could not remove: real directories directly under a
// root whose name starts with asidePrefix.
func unfinished(cfg *importrules.Config) []string {
	var out []string
	for _, root := range cfg.RootDirs() {
		entries, err := os.ReadDir(root)
		if err != nil {
			continue
		}
		for _, e := range entries {
			if e.IsDir() && strings.HasPrefix(e.Name(), asidePrefix) {
				out = append(out, filepath.Join(root, e.Name()))
			}
		}
	}
	return out
}

// finishAside removes what an earlier removal left under a hidden name.
func finishAside(cfg *importrules.Config, aside string) error {
	st, err := os.Lstat(aside)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%w: %s is not a directory", errRefused, paths.Display(aside))
	}
	if err := checkDeletable(cfg, aside); err != nil {
		return fmt.Errorf("%w: %v", errRefused, err)
	}
	if err := os.RemoveAll(aside); err != nil {
		return fmt.Errorf("could not remove all of it (%v); fix that and run miglint stale --delete again", err)
	}
	return nil
}
