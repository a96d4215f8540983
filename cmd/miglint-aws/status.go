package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/miglint/miglint/internal/cli"
	"github.com/miglint/miglint/ledger"
	"github.com/miglint/miglint/migration"
	"github.com/miglint/miglint/runner"
)

const statusUsage = `usage: miglint status [--env dev|prod] [--json] [NAME]

Shows, from the run ledger of each environment (dev: the table at
[runner] dev_endpoint; prod: the table in the AWS account of your AWS
configuration), every migration's last run: state (running, succeeded,
failed, interrupted), when, by whom, exit code, and whether the bytes that
ran are the bytes in the work tree. Migrations that never ran show as
pending. A run in segments (--segments N) shows how many of its segments
succeeded and which failed, were interrupted, are running or have not
run (state incomplete); it succeeded when every segment did. NAME
(0608_remove_root_url or 0608) shows one migration.

Exit codes: 0 shown, 2 usage or configuration error, 3 a ledger could not
be read (what could be read is shown).
`

// statusRun is one environment's last run of a migration, as shown.
type statusRun struct {
	Env        string     `json:"env"`
	Segment    int        `json:"segment"`
	Run        int64      `json:"run"`
	State      string     `json:"state"`
	Start      time.Time  `json:"start"`
	End        *time.Time `json:"end,omitempty"`
	Heartbeat  time.Time  `json:"heartbeat"`
	User       string     `json:"user"`
	Host       string     `json:"host"`
	PID        int        `json:"pid"`
	ExitCode   *int       `json:"exit_code"` // null until the run ended
	Hash       string     `json:"hash"`
	Commit     string     `json:"commit,omitempty"`
	SkipDryRun string     `json:"skip_dry_run,omitempty"`
	// MatchesWorkTree is null when the migration is no longer in the
	// work tree or its bytes could not be hashed.
	MatchesWorkTree *bool `json:"matches_work_tree"`

	// A run in segments: the summary, and the latest run of each of its
	// segments (those of the same content hash and number of segments).
	// Start is then the first start, End the last end once every
	// segment ended, ExitCode the first failed segment's (else 0).
	Segments    *statusSegments `json:"segments,omitempty"`
	SegmentRuns []statusRun     `json:"segment_runs,omitempty"`
}

// statusSegments counts the segments of a segmented run by state; the
// lists hold segment numbers.
type statusSegments struct {
	Total       int   `json:"total"`
	Succeeded   int   `json:"succeeded"`
	Failed      []int `json:"failed"`
	Interrupted []int `json:"interrupted"`
	Running     []int `json:"running"`
	NotRun      []int `json:"not_run"`
}

// state is the segmented run's: interrupted, running or failed when a
// segment is, incomplete while a segment has not run, else succeeded.
func (s *statusSegments) state() string {
	switch {
	case len(s.Interrupted) > 0:
		return string(ledger.Interrupted)
	case len(s.Running) > 0:
		return string(ledger.Running)
	case len(s.Failed) > 0:
		return string(ledger.Failed)
	case len(s.NotRun) > 0:
		return stateIncomplete
	}
	return string(ledger.Succeeded)
}

// stateIncomplete is a segmented run some of whose segments have not run.
const stateIncomplete = "incomplete"

// String is the summary the text table shows.
func (s *statusSegments) String() string {
	out := fmt.Sprintf("%d/%d segments succeeded", s.Succeeded, s.Total)
	for _, part := range []struct {
		what string
		segs []int
	}{{"failed", s.Failed}, {"interrupted", s.Interrupted}, {"running", s.Running}, {"not run", s.NotRun}} {
		if len(part.segs) > 0 {
			out += fmt.Sprintf("; %s: %s", part.what, joinInts(part.segs, 8))
		}
	}
	return out
}

// joinInts lists at most max of ns, then how many more.
func joinInts(ns []int, max int) string {
	var parts []string
	for i, n := range ns {
		if i == max {
			parts = append(parts, fmt.Sprintf("and %d more", len(ns)-max))
			break
		}
		parts = append(parts, strconv.Itoa(n))
	}
	return strings.Join(parts, ", ")
}

type statusRow struct {
	Migration string      `json:"migration"`
	InTree    bool        `json:"in_work_tree"`
	Pending   bool        `json:"pending"` // never ran in any environment shown
	Runs      []statusRun `json:"runs"`
}

func statusCmd(args []string) int {
	fs := flag.NewFlagSet("miglint status", flag.ContinueOnError)
	env := fs.String("env", "", "dev or prod (default: both)")
	asJSON := fs.Bool("json", false, "print a JSON array")
	fs.Usage = func() { fmt.Fprint(fs.Output(), statusUsage) }
	pos, code, ok := cli.ParseFlags(fs, args)
	if !ok {
		return code
	}
	envs := []string{ledger.Dev, ledger.Prod}
	switch *env {
	case "":
	case ledger.Dev, ledger.Prod:
		envs = []string{*env}
	default:
		fmt.Fprintf(os.Stderr, "miglint status: --env %q: use dev or prod\n", *env)
		return exitError
	}
	if len(pos) > 1 {
		fmt.Fprintf(os.Stderr, "miglint status: one NAME at most, got %d\n%s", len(pos), statusUsage)
		return exitError
	}
	cfg, now, ok := cli.LoadConfigAndClock("miglint status", ".")
	if !ok {
		return exitError
	}
	ms, err := migration.Find(cfg, now)
	if err != nil {
		fmt.Fprintf(os.Stderr, "miglint status: cannot list the migrations: %v\n", err)
		return exitError
	}
	name := ""
	if len(pos) == 1 {
		name = pos[0]
		ms = slices.DeleteFunc(ms, func(m *migration.Migration) bool { return !namedBy(m.Name, name) })
	}

	ctx := context.Background()
	code = exitClean
	var records []ledger.Record
	for _, e := range envs {
		o := ledger.Options{Env: e, Table: cfg.Ledger.Table, NoCreate: true}
		if e == ledger.Dev {
			o.Endpoint = cfg.Runner.DevEndpoint
		}
		l, err := ledger.Open(ctx, o)
		if errors.Is(err, ledger.ErrNoTable) {
			fmt.Fprintf(os.Stderr, "miglint status: %v; no %s run is recorded\n", err, e)
			continue
		}
		if err == nil {
			var rs []ledger.Record
			rs, err = l.Latest(ctx)
			records = append(records, rs...)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "miglint status: %v\n", err)
			code = exitRefused
		}
	}
	if name != "" {
		records = slices.DeleteFunc(records, func(r ledger.Record) bool { return !namedBy(r.Migration, name) })
	}
	rows := statusRows(ctx, ms, records, now)
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			fmt.Fprintf(os.Stderr, "miglint status: %v\n", err)
			return exitError
		}
		return code
	}
	printStatus(os.Stdout, rows, now)
	return code
}

// exitRefused is miglint's exit code 3.
const exitRefused = runner.ExitRefused

// namedBy reports whether name is what the user typed: the whole
// directory name or its number.
func namedBy(migrationName, typed string) bool {
	return migrationName == typed || strings.HasPrefix(migrationName, typed+"_") && strings.Trim(typed, "0123456789") == ""
}

// statusRows joins the work tree's migrations with the ledgers' latest
// runs, in name order, migrations the ledgers know but the tree no longer
// holds included.
func statusRows(ctx context.Context, ms []*migration.Migration, records []ledger.Record, now time.Time) []statusRow {
	byName := map[string]*statusRow{}
	var names []string
	row := func(name string) *statusRow {
		if r, ok := byName[name]; ok {
			return r
		}
		byName[name] = &statusRow{Migration: name, Runs: []statusRun{}}
		names = append(names, name)
		return byName[name]
	}
	dirs := map[string]*migration.Migration{}
	for _, m := range ms {
		row(m.Name).InTree = true
		dirs[m.Name] = m
	}
	hashes := workTreeHashes(ctx, ms, records)
	heads := map[string]map[string][]ledger.Record{} // migration -> env -> its keys' latest runs
	for _, rec := range records {
		row(rec.Migration)
		if heads[rec.Migration] == nil {
			heads[rec.Migration] = map[string][]ledger.Record{}
		}
		heads[rec.Migration][rec.Env] = append(heads[rec.Migration][rec.Env], rec)
	}
	slices.Sort(names)
	out := make([]statusRow, 0, len(names))
	for _, name := range names {
		r := byName[name]
		hash, hashed := hashes[name]
		for _, env := range []string{ledger.Dev, ledger.Prod} {
			if recs := heads[name][env]; len(recs) > 0 {
				r.Runs = append(r.Runs, lastRunOf(recs, hash, hashed, now))
			}
		}
		r.Pending = len(r.Runs) == 0
		out = append(out, *r)
	}
	return out
}

// lastRunOf is the last run of a migration in one environment, from the
// latest run of each of its keys there: the newest one, or when that is
// a segment, the run of its segments (each key's latest of the same
// content hash and number of segments; an older run in one piece or of
// other bytes counts as not run).
func lastRunOf(recs []ledger.Record, workHash string, hashed bool, now time.Time) statusRun {
	latest := recs[0]
	for _, rec := range recs {
		if rec.Start.After(latest.Start) {
			latest = rec
		}
	}
	if latest.Segments == 0 {
		return newStatusRun(latest, workHash, hashed, now)
	}
	total := latest.Segments
	parts := make([]*ledger.Record, total)
	for _, rec := range recs {
		if rec.Segments == total && rec.Hash == latest.Hash && rec.Segment < total {
			parts[rec.Segment] = &rec
		}
	}
	run := newStatusRun(latest, workHash, hashed, now)
	run.Segment, run.End, run.ExitCode = 0, nil, nil
	sum := &statusSegments{Total: total, Failed: []int{}, Interrupted: []int{}, Running: []int{}, NotRun: []int{}}
	var end time.Time
	exit, ended := 0, true
	for i, part := range parts {
		if part == nil {
			sum.NotRun = append(sum.NotRun, i)
			ended = false
			continue
		}
		seg := newStatusRun(*part, workHash, hashed, now)
		run.SegmentRuns = append(run.SegmentRuns, seg)
		if part.Start.Before(run.Start) {
			run.Start = part.Start
		}
		switch seg.State {
		case string(ledger.Succeeded):
			sum.Succeeded++
		case string(ledger.Failed):
			sum.Failed = append(sum.Failed, i)
			exit = cmp.Or(exit, *seg.ExitCode)
		case string(ledger.Interrupted):
			sum.Interrupted = append(sum.Interrupted, i)
			ended = false
		default:
			sum.Running = append(sum.Running, i)
			ended = false
		}
		if seg.End != nil && seg.End.After(end) {
			end = *seg.End
		}
	}
	run.State, run.Segments = sum.state(), sum
	if ended {
		run.End, run.ExitCode = &end, &exit
	}
	return run
}

// newStatusRun shows one record.
func newStatusRun(rec ledger.Record, workHash string, hashed bool, now time.Time) statusRun {
	sr := statusRun{
		Env: rec.Env, Segment: rec.Segment, Run: rec.Run, State: string(rec.State),
		Start: rec.Start, Heartbeat: rec.Heartbeat, User: rec.User, Host: rec.Host, PID: rec.PID,
		Hash: rec.Hash, Commit: rec.Commit, SkipDryRun: rec.SkipDryRun,
	}
	if rec.State == ledger.Running && now.After(rec.Expires) {
		// Its holder is gone; the next run will mark it.
		sr.State = string(ledger.Interrupted)
	}
	if !rec.End.IsZero() {
		end, code := rec.End, rec.ExitCode
		sr.End, sr.ExitCode = &end, &code
	}
	if hashed {
		match := workHash == rec.Hash
		sr.MatchesWorkTree = &match
	}
	return sr
}

// workTreeHashes hashes, as miglint run would, the migrations that have a
// run to compare with, a few at a time (each lists its packages with go
// list).
func workTreeHashes(ctx context.Context, ms []*migration.Migration, records []ledger.Record) map[string]string {
	ran := map[string]bool{}
	for _, r := range records {
		ran[r.Migration] = true
	}
	var mu sync.Mutex
	hashes := map[string]string{}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, m := range ms {
		if !ran[m.Name] {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			h, err := runner.ContentHash(ctx, m)
			if err != nil {
				return
			}
			mu.Lock()
			hashes[m.Name] = h
			mu.Unlock()
		})
	}
	wg.Wait()
	return hashes
}

func printStatus(w io.Writer, rows []statusRow, now time.Time) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "MIGRATION\tENV\tSTATE\tWHEN\tWHO\tEXIT\tBYTES")
	interrupted, pending := 0, 0
	for _, r := range rows {
		name := r.Migration
		if !r.InTree {
			name += " (not in the work tree)"
		}
		if r.Pending {
			pending++
			fmt.Fprintf(tw, "%s\t-\tpending\tnever ran\t\t\t\n", name)
			continue
		}
		for i, run := range r.Runs {
			if i > 0 {
				name = ""
			}
			env := run.Env
			if run.Segment != 0 {
				env += fmt.Sprintf("#%d", run.Segment)
			}
			state, when := run.State, migration.FormatTime(run.Start)
			if run.Segments != nil {
				state = run.Segments.String()
			}
			switch {
			case run.State == string(ledger.Interrupted):
				interrupted++
				state = "INTERRUPTED ! " + state
				if run.Segments == nil {
					state = "INTERRUPTED !"
				}
				when = "since " + when
			case run.State == string(ledger.Running), run.End == nil:
				when = "since " + when
			case run.End != nil:
				when = migration.FormatTime(*run.End)
			}
			exit := "-"
			if run.ExitCode != nil {
				exit = fmt.Sprint(*run.ExitCode)
			}
			bytes := "?"
			if run.MatchesWorkTree != nil {
				bytes = map[bool]string{true: "same", false: "changed"}[*run.MatchesWorkTree]
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s@%s\t%s\t%s\n", name, env, state, when, run.User, run.Host, exit, bytes)
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "%d migrations, %d pending", len(rows), pending)
	if interrupted > 0 {
		fmt.Fprintf(w, "; %d INTERRUPTED: check what each did to the data, then run it again with miglint run ENV NAME --rerun (a segment: miglint run ENV NAME --segments N --segment I --rerun)", interrupted)
	}
	fmt.Fprintln(w)
}
