package migration

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/miglint/miglint/importrules"
)

// StaleEntry is one stale migration: the retention policy says the
// clean-up deletes it.
type StaleEntry struct {
	Name          string    `json:"name"`
	Path          string    `json:"path"` // relative to the config's directory, slash-separated
	Finalized     time.Time `json:"finalized"`
	StaleSince    time.Time `json:"stale_since"`
	Age           string    `json:"age"`
	Overdue       bool      `json:"overdue"`
	MissedCleanup string    `json:"missed_cleanup,omitempty"` // e.g. "July 2026"
	Deleted       bool      `json:"deleted,omitempty"`

	Dir string `json:"-"` // absolute
}

// Skipped is a migration that a clean-up must leave alone, and why.
type Skipped struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// StaleReport is what a look at the migrations for a clean-up found.
type StaleReport struct {
	Config  *importrules.Config
	Now     time.Time
	Total   int          // migrations found
	Stale   []StaleEntry // stale and deletable
	Skipped []Skipped    // pending, unreadable, behind a symlink: never deleted
}

// FindStale lists the stale migrations under the roots of cfg at now, and
// the old-looking ones that a clean-up must not delete, with the reason.
func FindStale(cfg *importrules.Config, now time.Time) (*StaleReport, error) {
	ms, err := Find(cfg, now)
	if err != nil {
		return nil, err
	}
	r := &StaleReport{Config: cfg, Now: now, Total: len(ms)}
	policy := Retention{Months: cfg.Migrations.RetentionMonths, CleanupMonths: cfg.Migrations.CleanupMonths}
	for _, m := range ms {
		rel := RelSlash(cfg.Dir, m.Dir)
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
		e := StaleEntry{Name: m.Name, Path: rel, Finalized: m.Header.Finalization, StaleSince: age.StaleSince,
			Age: AgeText(m.Header.Finalization, now), Overdue: age.Overdue, Dir: m.Dir}
		if age.Overdue {
			e.MissedCleanup = age.MissedCleanup.Format("January 2006")
		}
		r.Stale = append(r.Stale, e)
	}
	return r, nil
}

func firstProblem(m *Migration) string {
	if len(m.Problems) > 0 {
		return m.Problems[0].Msg
	}
	return "missing"
}

// RelSlash returns path relative to base, slash-separated, or path itself
// when it has no relative form.
func RelSlash(base, path string) string {
	if rel, err := filepath.Rel(base, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

// ExceptionsFor lists the [[exception]] entries of cfg that name a file
// inside one of the deleted migrations: the clean-up commit should drop
// them too.
func ExceptionsFor(cfg *importrules.Config, deleted []StaleEntry) []importrules.Exception {
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
