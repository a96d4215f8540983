// Stamp every cart that is not yet at the current version, skipping
// those a first run already stamped.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"

	"example.com/shop/dbmodel/carts"
)

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
	// The version check is a method of carts.Cart.
	for _, c := range all {
		if c.UpToDate() {
			continue
		}
		if err := carts.Stamp(ctx, store, c); err != nil {
			log.Fatal(err)
		}
	}
	// Empty checks the key, not the version.
	for _, c := range all {
		if c.Empty() {
			continue
		}
		if err := carts.Stamp(ctx, store, c); err != nil {
			log.Fatal(err)
		}
	}
}
