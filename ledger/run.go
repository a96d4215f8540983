package ledger

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Run is a run that holds its key's lock.
type Run struct {
	l *Ledger

	mu   sync.Mutex
	rec  Record
	stop chan struct{} // closes to end Keep
	done chan struct{} // closed when Keep has ended
}

// Record is the run as last written.
func (r *Run) Record() Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rec
}

// putRecord writes the run's own record with cond.
func (r *Run) putRecord(ctx context.Context, cond string, values map[string]types.AttributeValue) error {
	rec := r.Record()
	in := &dynamodb.PutItemInput{TableName: &r.l.table, Item: rec.item(runSK(rec.Run), rec.Run), ConditionExpression: &cond}
	if len(values) > 0 {
		in.ExpressionAttributeValues = values
	}
	_, err := r.l.db.PutItem(ctx, in)
	return err
}

// lost reads who holds the lock now, for a LostError.
func (r *Run) lost(ctx context.Context, rec Record) error {
	e := &LostError{Run: rec}
	if head, _, ok, err := r.l.head(ctx, rec.Key); err == nil && ok {
		e.By = &head
	}
	return e
}

// Heartbeat renews the lease, on condition that the run still holds the
// lock: a *LostError when it does not.
func (r *Run) Heartbeat(ctx context.Context) error {
	rec := r.Record()
	now := r.l.now()
	expires := now.Add(r.l.lease)
	_, err := r.l.db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 &r.l.table,
		Key:                       map[string]types.AttributeValue{attrPK: s(rec.Key.String()), attrSK: s(headSK)},
		UpdateExpression:          aws.String("SET heartbeat = :hb, expires = :exp"),
		ConditionExpression:       aws.String("fence = :mine AND #state = :running"),
		ExpressionAttributeNames:  map[string]string{"#state": "state"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":hb": s(now.UTC().Format(time.RFC3339Nano)), ":exp": n(expires.UnixMilli()), ":mine": n(rec.Run), ":running": s(string(Running))},
	})
	if conditionFailed(err) {
		return r.lost(ctx, rec)
	}
	if err != nil {
		return r.l.failed("renew the lease of "+rec.Migration, err)
	}
	r.mu.Lock()
	r.rec.Heartbeat, r.rec.Expires = now, expires
	r.mu.Unlock()
	return nil
}

// Keep renews the lease every third of it until Finish, and sends on the
// returned channel (once) when the run has lost its lock: another run
// took it, or no renewal succeeded before the lease ran out. A failed
// renewal is tried again at the next beat.
func (r *Run) Keep(ctx context.Context) <-chan error {
	lost := make(chan error, 1)
	r.stop, r.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(r.done)
		tick := time.NewTicker(r.l.lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-r.stop:
				return
			case <-tick.C:
			}
			err := r.Heartbeat(ctx)
			if err == nil {
				continue
			}
			if _, ok := err.(*LostError); !ok {
				if r.l.now().Before(r.Record().Expires) {
					continue
				}
				err = &LostError{Run: r.Record(), Cause: err}
			}
			lost <- err
			return
		}
	}()
	return lost
}

// Finish records how the run ended and releases the lock: exit code 0
// is succeeded, any other failed. A *LostError says that another run had
// taken over; the ledger then keeps the newer state.
func (r *Run) Finish(ctx context.Context, exitCode int) error {
	if r.stop != nil {
		close(r.stop)
		<-r.done
		r.stop = nil
	}
	r.mu.Lock()
	r.rec.End = r.l.now()
	r.rec.ExitCode = exitCode
	r.rec.State = Succeeded
	if exitCode != 0 {
		r.rec.State = Failed
	}
	r.rec.Expires = time.Time{}
	rec := r.rec
	r.mu.Unlock()

	_, err := r.l.db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                 &r.l.table,
		Item:                      rec.item(headSK, rec.Run),
		ConditionExpression:       aws.String("fence = :mine AND #state = :running"),
		ExpressionAttributeNames:  map[string]string{"#state": "state"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":mine": n(rec.Run), ":running": s(string(Running))},
	})
	if conditionFailed(err) {
		return r.lost(ctx, rec)
	}
	if err != nil {
		return r.l.failed("record the end of "+rec.Migration, err)
	}
	err = r.putRecord(ctx, "fence = :mine", map[string]types.AttributeValue{":mine": n(rec.Run)})
	if conditionFailed(err) {
		return r.lost(ctx, rec)
	}
	if err != nil {
		return r.l.failed("record the end of "+rec.Migration, err)
	}
	return nil
}
