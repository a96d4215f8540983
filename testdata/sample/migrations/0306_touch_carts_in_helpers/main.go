// Touch every cart and every saved cart, through this migration's own
// helpers.
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
	for _, table := range []string{"carts", "saved_carts"} {
		items, err := store.Scan(ctx, table)
		if err != nil {
			log.Fatal(err)
		}
		for _, item := range items {
			// No call of touch checks the version: one finding, in touch.
			touch(ctx, store, table, item)
			// One call of stamp checks it, the other does not: the
			// unchecked call is the finding.
			if dbmodel.Version(item) < 3 {
				stamp(ctx, store, table, item)
			}
			stamp(ctx, store, table, item)
		}
	}
}

func touch(ctx context.Context, store *dbmodel.Store, table string, item dbmodel.Item) {
	if err := store.Touch(ctx, table, dbmodel.Item{"pk": item["pk"]}); err != nil {
		log.Fatal(err)
	}
}

func stamp(ctx context.Context, store *dbmodel.Store, table string, item dbmodel.Item) {
	if err := store.Touch(ctx, table, dbmodel.Item{"pk": item["pk"]}); err != nil {
		log.Fatal(err)
	}
}
