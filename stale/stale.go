// Package stale finds the migrations that the retention policy says are
// due for deletion, and deletes them safely: the twice-a-year clean-up.
package stale

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

// Entry is one stale migration.
type Entry struct {
	Name          string    `json:"name"`
	Path          string    `json:"path"` // relative to the config's directory, slash-separated
	Finalized     time.Time `json:"finalized"`
	StaleSince    time.Time `json:"stale_since"`
	Age           string    `json:"age"`
	Overdue       bool      `json:"overdue"`
	MissedCleanup string    `json:"missed_cleanup,omitempty"` // e.g. "July 2026"
	Deleted       bool      `json:"deleted,omitempty"`

	dir string
}

// Skipped is a migration that a clean-up must leave alone, and why.
type Skipped struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Report is what a look at the migrations found.
type Report struct {
	Config  *importrules.Config
	Now     time.Time
	Total   int       // migrations found
	Stale   []Entry   // stale and deletable
	Skipped []Skipped // pending, unreadable, behind a symlink: never deleted
}

// Find lists the stale migrations under the roots of cfg at now.
func Find(cfg *importrules.Config, now time.Time) (*Report, error) {
	ms, err := migration.Find(cfg, now)
	if err != nil {
		return nil, err
	}
	r := &Report{Config: cfg, Now: now, Total: len(ms)}
	policy := migration.Retention{Months: cfg.Migrations.RetentionMonths, CleanupMonths: cfg.Migrations.CleanupMonths}
	for _, m := range ms {
		rel := relSlash(cfg.Dir, m.Dir)
		skip := func(format string, args ...any) {
			r.Skipped = append(r.Skipped, Skipped{Name: m.Name, Path: rel, Reason: fmt.Sprintf(format, args...)})
		}
		switch {
		case m.Symlink:
			skip("is a symbolic link; miglint never deletes through links")
			continue
		case m.HeaderErr != nil:
			skip("header cannot be read: %v", m.HeaderErr)
			continue
		case m.Header.Pending:
			skip("header is pending: it has not run in prod, so it never ages")
			continue
		case m.Header.Finalization.IsZero():
			skip("header has no valid Finalization Time: %s", firstProblem(m))
			continue
		}
		age := policy.AgeOf(m.Header.Finalization, now)
		if !age.Stale {
			continue
		}
		if len(m.Problems) > 0 {
			// Stale by its Finalization Time, but a header that breaks the
			// rules may not say what really happened: a person decides.
			skip("header is not valid, so its age is not trusted: %s", firstProblem(m))
			continue
		}
		e := Entry{Name: m.Name, Path: rel, Finalized: m.Header.Finalization, StaleSince: age.StaleSince,
			Age: migration.AgeText(m.Header.Finalization, now), Overdue: age.Overdue, dir: m.Dir}
		if age.Overdue {
			e.MissedCleanup = age.MissedCleanup.Format("January 2006")
		}
		r.Stale = append(r.Stale, e)
	}
	return r, nil
}

func firstProblem(m *migration.Migration) string {
	if len(m.Problems) > 0 {
		return m.Problems[0].Msg
	}
	return "missing"
}

func relSlash(base, path string) string {
	if rel, err := filepath.Rel(base, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

// Deleter removes migration directories. Inside a git work tree it uses
// git rm -r, so the clean-up is staged for its commit.
type Deleter struct {
	// Git is the top of the git work tree holding the migrations, or ""
	// to remove files directly.
	Git string
	// remove removes a directory outside git; a variable so that tests can
	// make a deletion fail.
	remove func(string) error
}

// NewDeleter returns a Deleter for migrations under dir, using git when dir
// is inside a git work tree.
func NewDeleter(dir string) *Deleter {
	d := &Deleter{remove: os.RemoveAll}
	out, err := exec.Command("git", "-C", dir, "rev-parse", "--show-toplevel").Output()
	if err == nil {
		d.Git = strings.TrimSpace(string(out))
	}
	return d
}

// ErrRefused marks a migration that Delete would not touch; nothing of it
// was removed.
var ErrRefused = errors.New("refused")

// Delete removes one stale migration's directory, all of it or nothing:
// never anything outside a migrations root or behind a symbolic link.
func (d *Deleter) Delete(cfg *importrules.Config, e Entry) error {
	if err := checkDeletable(cfg, e.dir); err != nil {
		return fmt.Errorf("%w: %v", ErrRefused, err)
	}
	if d.Git != "" {
		return d.gitRemove(e.dir)
	}
	return d.removeAside(e.dir)
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

// gitRemove stages the removal with git rm -r. git checks every file
// before it removes any, so a refusal leaves the migration whole; files
// with uncommitted changes or untracked files would be lost or left
// behind, so those migrations are refused up front.
func (d *Deleter) gitRemove(dir string) error {
	status, err := exec.Command("git", "-C", d.Git, "status", "--porcelain", "--untracked-files=all", "--", dir).Output()
	if err != nil {
		return fmt.Errorf("git status: %v", gitErr(err))
	}
	if s := strings.TrimSpace(string(status)); s != "" {
		return fmt.Errorf("%w: it has uncommitted or untracked files; commit or discard them first:\n%s", ErrRefused, s)
	}
	tracked, err := exec.Command("git", "-C", d.Git, "ls-files", "--", dir).Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %v", gitErr(err))
	}
	if len(strings.TrimSpace(string(tracked))) == 0 {
		return fmt.Errorf("%w: git does not track it; remove it by hand if it should go", ErrRefused)
	}
	if out, err := exec.Command("git", "-C", d.Git, "rm", "-r", "-q", "--", dir).CombinedOutput(); err != nil {
		return fmt.Errorf("git rm -r %s: %s", dir, strings.TrimSpace(string(out)))
	}
	// What git does not track (ignored build output) stays behind.
	return os.RemoveAll(dir)
}

// removeAside first renames the directory to a hidden name in the same
// root, which is atomic: either the migration is gone from its place or
// it is untouched. Only then are its files removed.
func (d *Deleter) removeAside(dir string) error {
	aside := filepath.Join(filepath.Dir(dir), ".miglint-deleting-"+filepath.Base(dir))
	if err := os.Rename(dir, aside); err != nil {
		return err
	}
	if err := d.remove(aside); err != nil {
		return fmt.Errorf("moved to %s but could not remove all of it (%v); remove it by hand", aside, err)
	}
	return nil
}

func gitErr(err error) string {
	var exit *exec.ExitError
	if errors.As(err, &exit) && len(exit.Stderr) > 0 {
		return strings.TrimSpace(string(exit.Stderr))
	}
	return err.Error()
}

// ExceptionsFor lists the [[exception]] entries of cfg that name a file
// inside one of the deleted migrations: the clean-up commit should drop
// them too.
func ExceptionsFor(cfg *importrules.Config, deleted []Entry) []importrules.Exception {
	var out []importrules.Exception
	for _, ex := range cfg.Exceptions {
		for _, e := range deleted {
			if strings.HasPrefix(ex.File, e.Path+"/") {
				out = append(out, ex)
				break
			}
		}
	}
	return out
}
