// Transfer the carts of closed accounts to the cold table.
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
	items, err := store.Scan(ctx, "closed_carts")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		if err := store.Transfer(ctx, "closed_carts", "cold_carts", item); err != nil {
			log.Fatal(err)
		}
	}
}
