// Delete the sessions that expired before the login service moved to
// Redis; nothing reads them any more.
//
// Execution Time:    2026-06-10 at 08:30:00 UTC
// Finalization Time: 2026-06-10 at 08:52:19 UTC
package main

import (
	"context"
	"log"

	"example.com/shop/dbmodel"
)

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	items, err := store.Scan(ctx, "sessions")
	if err != nil {
		log.Fatal(err)
	}
	var keys []dbmodel.Item
	for _, item := range items {
		keys = append(keys, dbmodel.Item{"pk": item["pk"]})
	}
	if err := store.DeleteAll(ctx, "sessions", keys); err != nil {
		log.Fatal(err)
	}
}
