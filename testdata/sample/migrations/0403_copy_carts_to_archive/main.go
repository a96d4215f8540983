// Copy every cart of version 4 into the archive table, one batch per
// cart, and forget to look at what DynamoDB left unprocessed.
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
	items, err := store.Scan(ctx, "carts")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		if dbmodel.Version(item) != fromVersion {
			continue
		}
		out, err := store.BatchPut(ctx, "carts_archive", []dbmodel.Item{item})
		if err != nil {
			log.Fatal(err)
		}
		log.Print(len(out.ConsumedCapacity), " capacity entries")
	}
}
