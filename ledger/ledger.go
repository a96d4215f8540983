// Package ledger is miglint run's record of every run and the lock that
// lets one run of a migration go at a time, kept in a DynamoDB table of
// each environment: the dev ledger in the local DynamoDB of dev runs, the
// prod ledger in the AWS account the migration writes to. Nothing of one
// environment is written to the other's table.
//
// # Table layout
//
// One table (default miglint_ledger) keyed by two strings, pk (partition)
// and sk (sort), billed per request. Every item of one run key, the
// migration, environment and segment ("0608_remove_root_url#prod#0"),
// shares a partition:
//
//   - sk "lock", the head: the lock and a copy of the key's latest run.
//     fence is the fencing counter, expires the end of the lease (Unix
//     milliseconds of the holder's clock).
//   - sk "run#00000000000000000042", one record per run, numbered by the
//     fence value its run took the lock with, so that a query of the
//     partition in reverse gives the runs newest first.
//
// Why this shape: DynamoDB has no lock service, but a conditional write
// on one item is atomic, so the lock is one item and taking it is one
// conditional write. Keeping the latest run in the lock item means
// miglint status reads one item per migration (a scan of the heads), and
// a heartbeat is one small write. dynalite and DynamoDB Local support no
// transactions, so no write spans two items: each item's writes are
// conditioned on its own fence attribute.
//
// # Lease and fencing
//
// A run takes the lock by writing the head with fence+1, on condition
// that fence still holds the value it read and that no live lease holds
// it. It renews its lease every third of the lease (30 s by default): two
// heartbeats may be lost to a slow network before the lease runs out. A
// run whose lease expired without an end (its miglint was killed, its
// machine lost or paused) is marked interrupted by the next run of the
// key, which bumps fence as it does; a later run takes the lock only with
// Rerun. Every write of a holder, heartbeats included, is conditioned on
// fence being the value it took the lock with, and the head is written
// before the run record, so a holder that was overtaken cannot overwrite
// a newer run's items: its next write fails, and it says so (LostError).
// Lease expiry compares clocks of different machines: the lease must be
// long against their skew, which NTP keeps well under a second.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// State is how a run stands.
type State string

const (
	Running     State = "running"
	Succeeded   State = "succeeded"
	Failed      State = "failed"
	Interrupted State = "interrupted" // its holder died or lost its lease before the end
)

// Environments.
const (
	Dev  = "dev"
	Prod = "prod"
)

// Key names what a lock is held on: one migration in one environment;
// Segment tells the parallel segments of one run apart (0 for a run in
// one piece).
type Key struct {
	Migration string
	Env       string
	Segment   int
}

// String is the partition key of the key's items.
func (k Key) String() string { return k.Migration + "#" + k.Env + "#" + strconv.Itoa(k.Segment) }

// Record is one run.
type Record struct {
	Key
	Run        int64  // the fence value the run took the lock with; numbers the runs of a key
	Hash       string // the content hash of the exact bytes built
	Commit     string // git HEAD of the work tree, "" outside git
	User       string
	Host       string
	PID        int
	Start      time.Time
	Heartbeat  time.Time // the last renewal of the lease
	Expires    time.Time // while running: when the lease ends without another heartbeat
	End        time.Time // zero until the run ended
	ExitCode   int       // valid once the run ended (not when interrupted)
	State      State
	SkipDryRun string // the --skip-dry-run reason, if any
	// Segments is how many parallel-scan segments the run of the
	// migration this record belongs to has (Segment is which one); 0 for
	// a run in one piece, whose key shares segment 0's.
	Segments int
}

// Holder describes who runs it: "ann@laptop, pid 4242, since ...".
func (r Record) Holder() string {
	return fmt.Sprintf("%s@%s, pid %d, since %s", r.User, r.Host, r.PID, stamp(r.Start))
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// Names of the table's key attributes and of the head's sort key.
const (
	attrPK    = "pk"
	attrSK    = "sk"
	headSK    = "lock"
	runPrefix = "run#"
)

func runSK(run int64) string { return fmt.Sprintf("%s%020d", runPrefix, run) }

// item is a record as the table holds it; fence is the writer's token.
func (r Record) item(sk string, fence int64) map[string]types.AttributeValue {
	m := map[string]types.AttributeValue{
		attrPK:      s(r.Key.String()),
		attrSK:      s(sk),
		"fence":     n(fence),
		"migration": s(r.Migration),
		"env":       s(r.Env),
		"segment":   n(int64(r.Segment)),
		"segments":  n(int64(r.Segments)),
		"run":       n(r.Run),
		"hash":      s(r.Hash),
		"commit":    s(r.Commit),
		"user":      s(r.User),
		"host":      s(r.Host),
		"pid":       n(int64(r.PID)),
		"start":     s(r.Start.UTC().Format(time.RFC3339Nano)),
		"heartbeat": s(r.Heartbeat.UTC().Format(time.RFC3339Nano)),
		"expires":   n(r.Expires.UnixMilli()),
		"state":     s(string(r.State)),
		"exit_code": n(int64(r.ExitCode)),
	}
	if !r.End.IsZero() {
		m["end"] = s(r.End.UTC().Format(time.RFC3339Nano))
	}
	if r.SkipDryRun != "" {
		m["skip_dry_run"] = s(r.SkipDryRun)
	}
	return m
}

// fromItem reads a record and the fence value of its item.
func fromItem(m map[string]types.AttributeValue) (Record, int64) {
	str := func(k string) string {
		if v, ok := m[k].(*types.AttributeValueMemberS); ok {
			return v.Value
		}
		return ""
	}
	num := func(k string) int64 {
		if v, ok := m[k].(*types.AttributeValueMemberN); ok {
			i, _ := strconv.ParseInt(v.Value, 10, 64)
			return i
		}
		return 0
	}
	tm := func(k string) time.Time {
		t, _ := time.Parse(time.RFC3339Nano, str(k))
		return t
	}
	r := Record{
		Key:        Key{Migration: str("migration"), Env: str("env"), Segment: int(num("segment"))},
		Run:        num("run"),
		Hash:       str("hash"),
		Commit:     str("commit"),
		User:       str("user"),
		Host:       str("host"),
		PID:        int(num("pid")),
		Start:      tm("start"),
		Heartbeat:  tm("heartbeat"),
		End:        tm("end"),
		ExitCode:   int(num("exit_code")),
		State:      State(str("state")),
		SkipDryRun: str("skip_dry_run"),
		Segments:   int(num("segments")),
	}
	if ms := num("expires"); ms > 0 {
		r.Expires = time.UnixMilli(ms)
	}
	return r, num("fence")
}

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}

// Ledger is the ledger table of one environment.
type Ledger struct {
	db    *dynamodb.Client
	table string
	env   string
	where string // for messages: "at http://127.0.0.1:8000", "in region eu-west-1"
	lease time.Duration
	now   func() time.Time
}

// Env is the ledger's environment.
func (l *Ledger) Env() string { return l.env }

// Table is the ledger's table name.
func (l *Ledger) Table() string { return l.table }

// Lease is how long a run's lock lasts without a heartbeat.
func (l *Ledger) Lease() time.Duration { return l.lease }

// HeldError is returned by Begin when a live run holds the lock.
type HeldError struct{ Holder Record }

func (e *HeldError) Error() string {
	h := e.Holder
	return fmt.Sprintf("%s is already running in %s: run %d by %s (last heartbeat %s); wait for it to end, or if that process is gone, for its lease to expire at %s",
		h.Migration, label(h), h.Run, h.Holder(), stamp(h.Heartbeat), stamp(h.Expires))
}

// InterruptedError is returned by Begin without Rerun when the key's last
// run was interrupted.
type InterruptedError struct{ Run Record }

func (e *InterruptedError) Error() string {
	r := e.Run
	return fmt.Sprintf("the last run of %s in %s was interrupted: run %d by %s, last heartbeat %s, then nothing until its lease expired (its miglint was killed or lost its machine or network); check what it did to the data, then run again with --rerun",
		r.Migration, label(r), r.Run, r.Holder(), stamp(r.Heartbeat))
}

// LostError says that a run lost its lock: another run took over after
// its lease expired, or it could not renew the lease in time.
type LostError struct {
	Run   Record
	By    *Record // the run that took over, if known
	Cause error   // why the lease could not be renewed, if that is what happened
}

func (e *LostError) Error() string {
	msg := fmt.Sprintf("run %d of %s in %s lost its lock", e.Run.Run, e.Run.Migration, label(e.Run))
	switch {
	case e.By != nil && e.By.Run > e.Run.Run && e.By.State != Interrupted:
		msg += fmt.Sprintf(": its lease expired and run %d (%s) took over", e.By.Run, e.By.Holder())
	case e.By != nil:
		msg += fmt.Sprintf(": its lease expired and another run marked it %s", Interrupted)
	case e.Cause != nil:
		msg += fmt.Sprintf(": its lease could not be renewed before it expired (%v)", e.Cause)
	}
	return msg + "; the ledger keeps the newer state"
}

// label is where r runs: its environment, and its segment if it is one.
func label(r Record) string {
	switch {
	case r.Segments > 0:
		return fmt.Sprintf("%s (segment %d of %d)", r.Env, r.Segment, r.Segments)
	case r.Segment != 0:
		return fmt.Sprintf("%s (segment %d)", r.Env, r.Segment)
	}
	return r.Env
}

// head reads the key's lock item; ok is false when there is none.
func (l *Ledger) head(ctx context.Context, k Key) (rec Record, fence int64, ok bool, err error) {
	out, err := l.db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      &l.table,
		Key:            map[string]types.AttributeValue{attrPK: s(k.String()), attrSK: s(headSK)},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return Record{}, 0, false, l.failed("read the lock of "+k.Migration, err)
	}
	if out.Item == nil {
		return Record{}, 0, false, nil
	}
	rec, fence = fromItem(out.Item)
	return rec, fence, true, nil
}

// failed wraps an error of a call to the table.
func (l *Ledger) failed(what string, err error) error {
	return fmt.Errorf("cannot %s in the %s ledger (table %q %s): %w", what, l.env, l.table, l.where, err)
}

func conditionFailed(err error) bool {
	var c *types.ConditionalCheckFailedException
	return errors.As(err, &c)
}

// Begin takes the lock of rec.Key and records rec as running. User,
// Host, PID and Start are filled in when empty. It returns a *HeldError
// when a live run holds the lock, and an *InterruptedError when the last
// run was interrupted, unless rerun.
func (l *Ledger) Begin(ctx context.Context, rec Record, rerun bool) (*Run, error) {
	rec.Env = l.env
	if rec.User == "" {
		rec.User = currentUser()
	}
	if rec.Host == "" {
		rec.Host, _ = os.Hostname()
	}
	if rec.PID == 0 {
		rec.PID = os.Getpid()
	}
	for attempt := 0; ; attempt++ {
		head, fence, exists, err := l.head(ctx, rec.Key)
		if err != nil {
			return nil, err
		}
		now := l.now()
		if exists && head.State == Running {
			if now.Before(head.Expires) {
				return nil, &HeldError{Holder: head}
			}
			if head, fence, err = l.interrupt(ctx, head, fence); err != nil {
				if conditionFailed(err) && attempt < 3 {
					continue // it renewed or someone else marked it meanwhile: look again
				}
				return nil, err
			}
		}
		if exists && head.State == Interrupted && !rerun {
			return nil, &InterruptedError{Run: head}
		}

		r := rec
		r.Run = fence + 1
		r.Start, r.Heartbeat, r.Expires = now, now, now.Add(l.lease)
		r.State, r.End, r.ExitCode = Running, time.Time{}, 0
		cond := "attribute_not_exists(pk)"
		values := map[string]types.AttributeValue{}
		if exists {
			cond = "fence = :seen"
			values[":seen"] = n(fence)
		}
		in := &dynamodb.PutItemInput{TableName: &l.table, Item: r.item(headSK, r.Run), ConditionExpression: &cond}
		if len(values) > 0 {
			in.ExpressionAttributeValues = values
		}
		if _, err := l.db.PutItem(ctx, in); err != nil {
			if conditionFailed(err) && attempt < 3 {
				continue // another run took it first: look again, it is likely held now
			}
			return nil, l.failed("take the lock of "+rec.Migration, err)
		}
		run := &Run{l: l, rec: r}
		if err := run.putRecord(ctx, "attribute_not_exists(pk)", nil); err != nil {
			return run, l.failed("record the start of "+rec.Migration, err)
		}
		return run, nil
	}
}

// Ready returns, without writing, the refusal Begin of k would give now:
// a *HeldError while a live run holds the lock, an *InterruptedError when
// the last run was interrupted or its lease expired without an end,
// unless rerun; else nil. A run of many segments asks it of each before
// it starts any, so that one refusal leaves them all unstarted; Begin
// still decides.
func (l *Ledger) Ready(ctx context.Context, k Key, rerun bool) error {
	k.Env = l.env
	head, _, exists, err := l.head(ctx, k)
	switch {
	case err != nil || !exists:
		return err
	case head.State == Running && l.now().Before(head.Expires):
		return &HeldError{Holder: head}
	case rerun:
		return nil
	case head.State == Running:
		head.State = Interrupted
		return &InterruptedError{Run: head}
	case head.State == Interrupted:
		return &InterruptedError{Run: head}
	}
	return nil
}

// interrupt marks the run the head holds as interrupted, bumping fence so
// that its holder can write nothing more. The error is a conditional
// check failure when the head changed since it was read.
func (l *Ledger) interrupt(ctx context.Context, head Record, fence int64) (Record, int64, error) {
	head.State = Interrupted
	head.Expires = time.Time{}
	next := fence + 1
	_, err := l.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 &l.table,
		Item:                      head.item(headSK, next),
		ConditionExpression:       aws.String("fence = :seen AND #state = :running AND expires < :now"),
		ExpressionAttributeNames:  map[string]string{"#state": "state"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":seen": n(fence), ":running": s(string(Running)), ":now": n(l.now().UnixMilli())},
	})
	if err != nil {
		if conditionFailed(err) {
			return head, fence, err
		}
		return head, fence, l.failed("mark the expired run of "+head.Migration+" interrupted", err)
	}
	// The run's own record, unless its holder wrote an end meanwhile
	// (it cannot: its writes go to the head first, which failed since).
	_, err = l.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 &l.table,
		Item:                      head.item(runSK(head.Run), next),
		ConditionExpression:       aws.String("attribute_not_exists(pk) OR (fence = :seen AND #state = :running)"),
		ExpressionAttributeNames:  map[string]string{"#state": "state"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":seen": n(head.Run), ":running": s(string(Running))},
	})
	if err != nil && !conditionFailed(err) {
		return head, next, l.failed("mark run "+strconv.FormatInt(head.Run, 10)+" of "+head.Migration+" interrupted", err)
	}
	return head, next, nil
}

// DryRuns returns the succeeded dev runs of k.Migration (segment
// k.Segment) whose content hash is hash, newest first: the caller picks
// the one of the shape it needs (Segments).
func (l *Ledger) DryRuns(ctx context.Context, k Key, hash string) ([]Record, error) {
	k.Env = Dev
	p := dynamodb.NewQueryPaginator(l.db, &dynamodb.QueryInput{
		TableName:                 &l.table,
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :runs)"),
		FilterExpression:          aws.String("#state = :ok AND #hash = :hash"),
		ExpressionAttributeNames:  map[string]string{"#state": "state", "#hash": "hash"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(k.String()), ":runs": s(runPrefix), ":ok": s(string(Succeeded)), ":hash": s(hash)},
		ScanIndexForward:          aws.Bool(false),
		ConsistentRead:            aws.Bool(true),
	})
	return l.queryRecords(ctx, p, "look up the dry runs of "+k.Migration)
}

// Last returns the latest run of k (the copy in its lock item), or nil
// when k never ran.
func (l *Ledger) Last(ctx context.Context, k Key) (*Record, error) {
	k.Env = l.env
	rec, _, ok, err := l.head(ctx, k)
	if err != nil || !ok {
		return nil, err
	}
	return &rec, nil
}

// Latest returns the latest run of every key in the ledger: the heads.
func (l *Ledger) Latest(ctx context.Context) ([]Record, error) {
	p := dynamodb.NewScanPaginator(l.db, &dynamodb.ScanInput{
		TableName:                 &l.table,
		FilterExpression:          aws.String("sk = :head"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":head": s(headSK)},
		ConsistentRead:            aws.Bool(true),
	})
	var out []Record
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, l.failed("read the runs", err)
		}
		for _, item := range page.Items {
			r, _ := fromItem(item)
			out = append(out, r)
		}
	}
	return out, nil
}

// Runs returns every run of k, newest first.
func (l *Ledger) Runs(ctx context.Context, k Key) ([]Record, error) {
	k.Env = l.env
	p := dynamodb.NewQueryPaginator(l.db, &dynamodb.QueryInput{
		TableName:                 &l.table,
		KeyConditionExpression:    aws.String("pk = :pk AND begins_with(sk, :runs)"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s(k.String()), ":runs": s(runPrefix)},
		ScanIndexForward:          aws.Bool(false),
		ConsistentRead:            aws.Bool(true),
	})
	return l.queryRecords(ctx, p, "read the runs of "+k.Migration)
}

// currentUser is the login name from the environment, as the shell shows
// it; os/user would link cgo for a name lookup the environment answers.
func currentUser() string {
	for _, k := range []string{"USER", "LOGNAME", "USERNAME"} {
		if v := strings.TrimSpace(os.Getenv(k)); v != "" {
			return v
		}
	}
	return "uid" + strconv.Itoa(os.Getuid())
}

// queryRecords reads every page of p (a run's records span pages once a
// migration has run often) as records; what says what failed.
func (l *Ledger) queryRecords(ctx context.Context, p *dynamodb.QueryPaginator, what string) ([]Record, error) {
	var out []Record
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, l.failed(what, err)
		}
		for _, item := range page.Items {
			r, _ := fromItem(item)
			out = append(out, r)
		}
	}
	return out, nil
}
