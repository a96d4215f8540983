// Package outbox sends the events that checkout queued. Neither its API
// nor that of events names a DynamoDB type, so under go vet this package
// cannot see the SDK at all: miglint knows that Flush writes from the
// facts of events alone.
package outbox

import (
	"context"

	"example.com/shop/dbmodel/events"
)

// Flush marks every queued event as sent.
func Flush(ctx context.Context, ids []string) error {
	for _, id := range ids {
		if err := events.MarkSent(ctx, id); err != nil {
			return err
		}
	}
	return nil
}
