// Copy every order of version 4 into the archive table, one batch per
// order. The clean twin of 0403: it fails on unprocessed items.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"

	"example.com/shop/dbmodel"
)

const fromVersion = 4

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	items, err := store.Scan(ctx, "orders")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		if dbmodel.Version(item) != fromVersion {
			continue
		}
		out, err := store.BatchPut(ctx, "orders_archive", []dbmodel.Item{item})
		if err != nil {
			log.Fatal(err)
		}
		if n := len(out.UnprocessedItems); n > 0 {
			log.Fatalf("%d tables with unprocessed items; run the migration again", n)
		}
	}
}
