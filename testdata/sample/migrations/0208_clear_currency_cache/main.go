// Clear the currency cache table; the exchange service fills it again
// from scratch within the hour.
//
// Execution Time:    pending
// Finalization Time: pending
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
	items, err := store.Scan(ctx, "currency_cache")
	if err != nil {
		log.Fatal(err)
	}
	var keys []dbmodel.Item
	for _, item := range items {
		keys = append(keys, dbmodel.Item{"pk": item["pk"]})
	}
	//miglint:ignore versionguard -- cache entries carry no version and are rebuilt by the exchange service
	if err := store.DeleteAll(ctx, "currency_cache", keys); err != nil {
		log.Fatal(err)
	}
}
