// Re-save every cart through the checkout service's repository so that
// its derived fields are recomputed, and record each in the history.
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
	var repo dbmodel.CartRepo = dbmodel.RawCarts{Store: store}
	var ledger dbmodel.Ledger = dbmodel.History{Store: store}
	items, err := store.Scan(ctx, "carts")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		// History.Record writes the next version.
		if err := ledger.Record(ctx, item, dbmodel.Version(item)); err != nil {
			log.Fatal(err)
		}
		// RawCarts.Save overwrites whatever the version.
		if err := repo.Save(ctx, item); err != nil {
			log.Fatal(err)
		}
	}
}
