package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/miglint/miglint/internal/cli"
	"github.com/miglint/miglint/internal/paths"

	"github.com/miglint/miglint/importrules"
	"github.com/miglint/miglint/migration"
)

const staleUsage = `usage: miglint stale [--delete] [--json] [DIR]

Lists the stale migrations under the migrations roots of the configuration
found from DIR (default .): name, Finalization Time, age, and whether a
clean-up already missed it. --delete removes them (git rm -r inside a git
work tree, so the removal is staged for the clean-up commit); it never
touches a pending migration, one whose header it cannot read, one behind a
symbolic link, or anything outside a migrations root, and in a git work
tree none holding anything git could not bring back (ignored, untracked
or changed files, nested repositories, submodules). One migration that
cannot be deleted is reported and the others are deleted all the same.
`

func staleCmd(args []string) int {
	fs := flag.NewFlagSet("miglint stale", flag.ContinueOnError)
	del := fs.Bool("delete", false, "delete the stale migrations")
	asJSON := fs.Bool("json", false, "print a JSON array")
	fs.Usage = func() { fmt.Fprint(fs.Output(), staleUsage) }
	pos, code, ok := cli.ParseFlags(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 1 {
		fmt.Fprintf(os.Stderr, "miglint stale: one DIR at most, got %d\n%s", len(pos), staleUsage)
		return exitError
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(os.Stderr, "miglint stale: %s is not a directory\n", dir)
		return exitError
	}
	cfg, now, ok := cli.LoadConfigAndClock("miglint stale", dir)
	if !ok {
		return exitError
	}
	report, err := migration.FindStale(cfg, now)
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint stale: %v\n", err)
		return exitError
	}

	code = exitClean
	if *del {
		// Progress and refusals go to stderr so --json stays parseable.
		progress := io.Writer(os.Stdout)
		if *asJSON {
			progress = os.Stderr
		}
		code = deleteStale(progress, report)
	} else {
		for _, p := range unfinished(cfg) {
			fmt.Fprintf(os.Stderr, "miglint stale: %s is what an earlier miglint stale --delete could not remove; run miglint stale --delete to finish it\n", paths.Display(p))
		}
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		entries := report.Stale
		if entries == nil {
			entries = []migration.StaleEntry{}
		}
		if err := enc.Encode(entries); err != nil {
			fmt.Fprintf(os.Stderr, "miglint stale: %v\n", err)
			return exitError
		}
		return code
	}
	if !*del {
		printStale(os.Stdout, report)
	}
	return code
}

func printStale(w io.Writer, r *migration.StaleReport) {
	if len(r.Stale) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "MIGRATION\tFINALIZED\tAGE\tOVERDUE")
		for _, e := range r.Stale {
			overdue := "no"
			if e.Overdue {
				overdue = "yes, missed the " + e.MissedCleanup + " clean-up"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.Path, migration.FormatTime(e.Finalized), e.Age, overdue)
		}
		tw.Flush()
	}
	printSkipped(w, r)
	overdue := 0
	for _, e := range r.Stale {
		if e.Overdue {
			overdue++
		}
	}
	fmt.Fprintf(w, "%d stale (%d overdue) of %d migrations, retention %d months, clean-ups in %s; %d skipped.",
		len(r.Stale), overdue, r.Total, r.Config.Migrations.RetentionMonths, monthNames(r.Config), len(r.Skipped))
	if len(r.Stale) > 0 {
		fmt.Fprint(w, " Delete them with: miglint stale --delete")
	}
	fmt.Fprintln(w)
}

func printSkipped(w io.Writer, r *migration.StaleReport) {
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "skipped %s: %s\n", s.Path, s.Reason)
	}
}

func monthNames(cfg *importrules.Config) string {
	s := ""
	for i, m := range cfg.Migrations.CleanupMonths {
		if i > 0 {
			s += ", "
		}
		s += m.String()
	}
	return s
}

// deleteStale finishes what an earlier run left aside, then deletes every
// stale migration in order. A refusal skips that migration; a failure is
// reported and the clean-up goes on with the next one, so one migration
// never holds up the others. It returns exitError when anything failed.
func deleteStale(w io.Writer, r *migration.StaleReport) int {
	d := newDeleter(r.Config.Dir)
	how := "removed"
	if d.git != "" {
		how = "git rm -r"
	}
	var deleted, failed []migration.StaleEntry
	for _, aside := range unfinished(r.Config) {
		shown := paths.Display(aside)
		if err := finishAside(r.Config, aside); err != nil {
			fmt.Fprintf(w, "miglint stale: could not finish deleting %s: %v\n", shown, err)
			failed = append(failed, migration.StaleEntry{Path: migration.RelSlash(r.Config.Dir, aside)})
			continue
		}
		fmt.Fprintf(w, "finished deleting %s, which an earlier run had moved aside\n", shown)
	}
	for i := range r.Stale {
		e := &r.Stale[i]
		err := d.delete(r.Config, *e)
		switch {
		case errors.Is(err, errRefused):
			r.Skipped = append(r.Skipped, migration.Skipped{Name: e.Name, Path: e.Path, Reason: err.Error()})
			continue
		case err != nil:
			fmt.Fprintf(w, "miglint stale: could not delete %s: %v\n", e.Path, err)
			failed = append(failed, *e)
			continue
		}
		e.Deleted = true
		deleted = append(deleted, *e)
		fmt.Fprintf(w, "deleted %s (%s)\n", e.Path, how)
	}
	printSkipped(w, r)
	fmt.Fprintf(w, "Deleted %d of %d stale migrations; %d skipped.", len(deleted), len(r.Stale), len(r.Skipped))
	if d.git != "" && len(deleted) > 0 {
		fmt.Fprint(w, " The removals are staged: commit them as the clean-up.")
	}
	fmt.Fprintln(w)
	printExceptions(w, r.Config, deleted)
	if len(failed) > 0 {
		fmt.Fprintf(w, "not deleted (%d): %s\n", len(failed), entryPaths(failed))
		fmt.Fprintln(w, "Fix the causes above and run miglint stale --delete again; it picks up where it stopped.")
		return exitError
	}
	return exitClean
}

// printExceptions lists the [[exception]] entries that name deleted files,
// so the same commit can drop them.
func printExceptions(w io.Writer, cfg *importrules.Config, deleted []migration.StaleEntry) {
	exs := migration.ExceptionsFor(cfg, deleted)
	if len(exs) == 0 {
		return
	}
	fmt.Fprintf(w, "These [[exception]] entries name deleted files; remove them in the same commit:\n")
	for _, ex := range exs {
		fmt.Fprintf(w, "  %s:%d: rule %q, file %q\n", filepath.Base(cfg.Path), ex.Line, ex.Rule, ex.File)
	}
}

func entryPaths(es []migration.StaleEntry) string {
	if len(es) == 0 {
		return "none"
	}
	s := ""
	for i, e := range es {
		if i > 0 {
			s += ", "
		}
		s += e.Path
	}
	return s
}
