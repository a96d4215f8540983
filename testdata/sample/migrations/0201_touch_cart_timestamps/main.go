// Stamp every cart with the time of this migration so that the cart
// cleaner sees them as fresh after the checkout rewrite.
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
	items, err := store.Scan(ctx, "carts")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		key := dbmodel.Item{"pk": item["pk"]}
		// Touch writes without a version condition, and nothing here
		// checks the version: a second run stamps every cart again.
		if err := store.Touch(ctx, "carts", key); err != nil {
			log.Fatal(err)
		}
	}
}
