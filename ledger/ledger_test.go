package ledger

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miglint/miglint/internal/dynalitetest"
)

// These tests talk to dynalite, a real local DynamoDB, over HTTP: one
// instance stands in for the dev endpoint, another for the prod account,
// reached through the AWS configuration as a user's would be.

const table = "miglint_ledger"

// prodEnv points the AWS configuration at db, with dummy credentials and
// no shared files, as a user could with AWS_ENDPOINT_URL_DYNAMODB.
func prodEnv(t *testing.T, db *dynalitetest.Server) {
	t.Helper()
	for _, kv := range db.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

func devLedger(t *testing.T, db *dynalitetest.Server, lease time.Duration) *Ledger {
	t.Helper()
	l, err := Open(context.Background(), Options{Env: Dev, Table: table, Lease: lease, Endpoint: db.URL})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func key(name string) Key { return Key{Migration: name} }

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	prod := dynalitetest.Start(t)
	prodEnv(t, prod)

	// No table in prod: an error naming the command that creates it.
	_, err := Open(ctx, Options{Env: Prod, Table: table})
	if !errors.Is(err, ErrNoTable) || !strings.Contains(err.Error(), "miglint ledger init prod") || !strings.Contains(err.Error(), `"miglint_ledger"`) {
		t.Errorf("prod without a table: %v", err)
	}
	created, _, err := Init(ctx, Options{Env: Prod, Table: table})
	if err != nil || !created {
		t.Fatalf("Init: created %v, %v", created, err)
	}
	if created, _, err := Init(ctx, Options{Env: Prod, Table: table}); err != nil || created {
		t.Errorf("Init of an existing table: created %v, %v", created, err)
	}
	if _, err := Open(ctx, Options{Env: Prod, Table: table}); err != nil {
		t.Errorf("Open after Init: %v", err)
	}

	// A table of another shape under the ledger's name.
	prod.CreateTable(t, "carts")
	_, err = Open(ctx, Options{Env: Prod, Table: "carts"})
	if !errors.Is(err, ErrSchema) || !strings.Contains(err.Error(), "its key is id (S, hash)") || !strings.Contains(err.Error(), "[ledger] table") {
		t.Errorf("wrong schema: %v", err)
	}
	if _, _, err := Init(ctx, Options{Env: Prod, Table: "carts"}); !errors.Is(err, ErrSchema) {
		t.Errorf("Init over a table of another shape: %v", err)
	}

	// Nothing listening.
	_, err = Open(ctx, Options{Env: Dev, Table: table, Endpoint: "http://127.0.0.1:1"})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "http://127.0.0.1:1") || !strings.Contains(err.Error(), "dev_endpoint") {
		t.Errorf("unreachable dev ledger: %v", err)
	}
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:1")
	_, err = Open(ctx, Options{Env: Prod, Table: table})
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "AWS_PROFILE") {
		t.Errorf("unreachable prod ledger: %v", err)
	}
}

// A dev ledger creates its table on first use, and dev and prod keep
// apart.
func TestDevCreatesTable(t *testing.T) {
	ctx := context.Background()
	dev, prod := dynalitetest.Start(t), dynalitetest.Start(t)
	prodEnv(t, prod)
	l := devLedger(t, dev, time.Minute)
	run, err := l.Begin(ctx, Record{Key: key("0001_a"), Hash: "h1"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Finish(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, Options{Env: Prod, Table: table}); !errors.Is(err, ErrNoTable) {
		t.Errorf("a dev run created or reached the prod table: %v", err)
	}
	runs, err := l.Runs(ctx, key("0001_a"))
	if err != nil || len(runs) != 1 || runs[0].State != Succeeded || runs[0].Env != Dev || runs[0].Hash != "h1" {
		t.Errorf("Runs = %+v, %v", runs, err)
	}
}

func TestLockAndRecords(t *testing.T) {
	ctx := context.Background()
	l := devLedger(t, dynalitetest.Start(t), time.Minute)
	first, err := l.Begin(ctx, Record{Key: key("0002_b"), Hash: "abc", Commit: "c0ffee", User: "ann", Host: "laptop", PID: 4242}, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = l.Begin(ctx, Record{Key: key("0002_b"), User: "bob", Host: "desk", PID: 7}, false)
	var held *HeldError
	if !errors.As(err, &held) || !strings.Contains(err.Error(), "ann@laptop, pid 4242, since ") {
		t.Fatalf("second Begin while held: %v", err)
	}
	// Another segment of the same migration is another lock.
	other, err := l.Begin(ctx, Record{Key: Key{Migration: "0002_b", Segment: 1}}, false)
	if err != nil {
		t.Fatalf("segment 1 while segment 0 runs: %v", err)
	}
	if err := other.Finish(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if err := first.Heartbeat(ctx); err != nil {
		t.Fatal(err)
	}
	if err := first.Finish(ctx, 5); err != nil {
		t.Fatal(err)
	}
	second, err := l.Begin(ctx, Record{Key: key("0002_b"), Hash: "abd"}, false)
	if err != nil {
		t.Fatalf("Begin after the end: %v", err)
	}
	if second.Record().Run <= first.Record().Run {
		t.Errorf("run numbers do not grow: %d after %d", second.Record().Run, first.Record().Run)
	}
	if err := second.Finish(ctx, 0); err != nil {
		t.Fatal(err)
	}
	runs, err := l.Runs(ctx, key("0002_b"))
	if err != nil || len(runs) != 2 {
		t.Fatalf("Runs = %+v, %v", runs, err)
	}
	got := runs[1]
	if got.State != Failed || got.ExitCode != 5 || got.Hash != "abc" || got.Commit != "c0ffee" || got.User != "ann" || got.Host != "laptop" || got.PID != 4242 ||
		got.Start.IsZero() || got.End.Before(got.Start) || got.Heartbeat.Before(got.Start) {
		t.Errorf("the first run's record: %+v", got)
	}
	if runs[0].State != Succeeded || runs[0].Hash != "abd" || runs[0].User == "" || runs[0].PID == 0 {
		t.Errorf("the second run's record: %+v", runs[0])
	}
	latest, err := l.Latest(ctx)
	if err != nil || len(latest) != 2 {
		t.Fatalf("Latest = %+v, %v", latest, err)
	}
}

// TestFencing pauses a holder (no heartbeat) past its lease: the next run
// finds it interrupted and, with rerun, takes over; the paused holder can
// then write nothing, and says so.
func TestFencing(t *testing.T) {
	ctx := context.Background()
	db := dynalitetest.Start(t)
	l := devLedger(t, db, 800*time.Millisecond)
	paused, err := l.Begin(ctx, Record{Key: key("0003_c"), User: "ann", Host: "laptop", PID: 1}, false)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second)

	other := devLedger(t, db, time.Minute)
	_, err = other.Begin(ctx, Record{Key: key("0003_c"), User: "bob", Host: "desk", PID: 2}, false)
	var interrupted *InterruptedError
	if !errors.As(err, &interrupted) || !strings.Contains(err.Error(), "ann@laptop, pid 1") || !strings.Contains(err.Error(), "--rerun") {
		t.Fatalf("Begin after the lease expired: %v", err)
	}
	// Still refused: interrupted stays until a rerun.
	if _, err := other.Begin(ctx, Record{Key: key("0003_c")}, false); !errors.As(err, &interrupted) {
		t.Fatalf("second Begin after the interruption: %v", err)
	}
	var lost *LostError
	if err := paused.Heartbeat(ctx); !errors.As(err, &lost) {
		t.Errorf("heartbeat of the overtaken holder: %v", err)
	}
	newer, err := other.Begin(ctx, Record{Key: key("0003_c"), User: "bob", Host: "desk", PID: 2}, true)
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	err = paused.Finish(ctx, 0)
	if !errors.As(err, &lost) || !strings.Contains(err.Error(), "took over") || !strings.Contains(err.Error(), "bob@desk") {
		t.Errorf("Finish of the overtaken holder: %v", err)
	}
	if err := newer.Finish(ctx, 0); err != nil {
		t.Fatalf("the newer run cannot finish: %v", err)
	}
	runs, err := l.Runs(ctx, key("0003_c"))
	if err != nil || len(runs) != 2 {
		t.Fatalf("Runs = %+v, %v", runs, err)
	}
	if runs[0].User != "bob" || runs[0].State != Succeeded || runs[1].User != "ann" || runs[1].State != Interrupted || !runs[1].End.IsZero() {
		t.Errorf("records after the takeover: %+v", runs)
	}
}

// Keep renews the lease: a run that keeps beating stays held past its
// lease, and one that stops is taken over.
func TestKeep(t *testing.T) {
	ctx := context.Background()
	l := devLedger(t, dynalitetest.Start(t), 600*time.Millisecond)
	run, err := l.Begin(ctx, Record{Key: key("0004_d")}, false)
	if err != nil {
		t.Fatal(err)
	}
	lost := run.Keep(ctx)
	time.Sleep(1500 * time.Millisecond)
	var held *HeldError
	if _, err := l.Begin(ctx, Record{Key: key("0004_d")}, true); !errors.As(err, &held) {
		t.Errorf("Begin while the holder beats: %v", err)
	}
	select {
	case err := <-lost:
		t.Errorf("lost the lease while beating: %v", err)
	default:
	}
	if err := run.Finish(ctx, 0); err != nil {
		t.Fatal(err)
	}
}

func TestDryRun(t *testing.T) {
	ctx := context.Background()
	l := devLedger(t, dynalitetest.Start(t), time.Minute)
	for _, r := range []struct {
		hash string
		code int
	}{{"good", 0}, {"bad", 1}, {"other", 0}} {
		run, err := l.Begin(ctx, Record{Key: key("0005_e"), Hash: r.hash}, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := run.Finish(ctx, r.code); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := l.DryRuns(ctx, key("0005_e"), "good"); err != nil || len(got) != 1 || got[0].Hash != "good" || got[0].State != Succeeded {
		t.Errorf("DryRuns(good) = %+v, %v", got, err)
	}
	for _, h := range []string{"bad", "never"} {
		if got, err := l.DryRuns(ctx, key("0005_e"), h); err != nil || len(got) != 0 {
			t.Errorf("DryRuns(%s) = %+v, %v; want none", h, got, err)
		}
	}
}

// TestSegments: each segment of a run is a key of its own, its record
// says how many segments the run has, and Last reads a key's latest run.
func TestSegments(t *testing.T) {
	ctx := context.Background()
	l := devLedger(t, dynalitetest.Start(t), time.Minute)
	seg := func(i int) Key { k := key("0007_g"); k.Segment = i; return k }
	if last, err := l.Last(ctx, seg(0)); err != nil || last != nil {
		t.Fatalf("Last before any run = %+v, %v; want none", last, err)
	}
	var runs []*Run
	for i := range 3 {
		run, err := l.Begin(ctx, Record{Key: seg(i), Hash: "h", Segments: 3}, false)
		if err != nil {
			t.Fatalf("segment %d: %v", i, err)
		}
		runs = append(runs, run)
	}
	if _, err := l.Begin(ctx, Record{Key: seg(1), Hash: "h", Segments: 3}, false); !errors.As(err, new(*HeldError)) || !strings.Contains(err.Error(), "dev (segment 1 of 3)") {
		t.Errorf("a second run of segment 1: %v, want a HeldError naming the segment", err)
	}
	for i, run := range runs {
		if err := run.Finish(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		last, err := l.Last(ctx, seg(i))
		want := map[bool]State{true: Succeeded, false: Failed}[i == 0]
		if err != nil || last == nil || last.Segment != i || last.Segments != 3 || last.State != want {
			t.Errorf("Last(segment %d) = %+v, %v; want segment %d of 3, %s", i, last, err, i, want)
		}
	}
	if got, err := l.DryRuns(ctx, seg(0), "h"); err != nil || len(got) != 1 || got[0].Segments != 3 {
		t.Errorf("DryRuns(segment 0) = %+v, %v; want the run of 3 segments", got, err)
	}
}

// BenchmarkRunLedger is what the ledger adds to one prod run, the
// "whole" sub-benchmark: open the prod ledger (load the AWS configuration,
// describe the table), open the dev ledger and look up the dry run, take
// the lock and record the start, then record the end. The heartbeat runs
// beside the migration and adds nothing to its time. The other
// sub-benchmarks are its parts.
func BenchmarkRunLedger(b *testing.B) {
	ctx := context.Background()
	dev, prod := dynalitetest.Start(b), dynalitetest.Start(b)
	for _, kv := range prod.Env() {
		k, v, _ := strings.Cut(kv, "=")
		b.Setenv(k, v)
	}
	b.Setenv("AWS_CONFIG_FILE", filepath.Join(b.TempDir(), "none"))
	b.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(b.TempDir(), "none"))
	if _, _, err := Init(ctx, Options{Env: Prod, Table: table}); err != nil {
		b.Fatal(err)
	}
	devOpts := Options{Env: Dev, Table: table, Endpoint: dev.URL}
	dl, err := Open(ctx, devOpts)
	if err != nil {
		b.Fatal(err)
	}
	run, _ := dl.Begin(ctx, Record{Key: key("0006_f"), Hash: "h"}, false)
	run.Finish(ctx, 0)
	pl, err := Open(ctx, Options{Env: Prod, Table: table})
	if err != nil {
		b.Fatal(err)
	}
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			pl, err := Open(ctx, Options{Env: Prod, Table: table})
			must(err)
			dl, err := Open(ctx, devOpts)
			must(err)
			if r, err := dl.DryRuns(ctx, key("0006_f"), "h"); err != nil || len(r) == 0 {
				b.Fatal(r, err)
			}
			run, err := pl.Begin(ctx, Record{Key: key("0006_g"), Hash: "h"}, false)
			must(err)
			must(run.Finish(ctx, 0))
		}
	})
	b.Run("open-prod", func(b *testing.B) {
		for b.Loop() {
			_, err := Open(ctx, Options{Env: Prod, Table: table})
			must(err)
		}
	})
	b.Run("open-dev", func(b *testing.B) {
		for b.Loop() {
			_, err := Open(ctx, devOpts)
			must(err)
		}
	})
	b.Run("dry-run-lookup", func(b *testing.B) {
		for b.Loop() {
			_, err := dl.DryRuns(ctx, key("0006_f"), "h")
			must(err)
		}
	})
	b.Run("begin+finish", func(b *testing.B) {
		for b.Loop() {
			run, err := pl.Begin(ctx, Record{Key: key("0006_h"), Hash: "h"}, false)
			must(err)
			must(run.Finish(ctx, 0))
		}
	})
	b.Run("heartbeat", func(b *testing.B) {
		run, err := pl.Begin(ctx, Record{Key: key("0006_i"), Hash: "h"}, false)
		must(err)
		for b.Loop() {
			must(run.Heartbeat(ctx))
		}
		must(run.Finish(ctx, 0))
	})
}
