// Move each cart's total into the new totals table, with the dynamo
// library, in one transaction per cart.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"

	"github.com/guregu/dynamo/v2"

	"example.com/shop/dbmodel"
)

type cart struct {
	PK      string `dynamo:"pk,hash"`
	Total   int    `dynamo:"total"`
	Version int    `dynamo:"version"`
}

func main() {
	ctx := context.Background()
	cfg, err := dbmodel.Config(ctx)
	if err != nil {
		log.Fatal(err)
	}
	db := dynamo.New(cfg)
	carts, totals := db.Table("carts"), db.Table("totals")
	var all []cart
	if err := carts.Scan().All(ctx, &all); err != nil {
		log.Fatal(err)
	}
	for _, c := range all {
		// Each member has its own If on the version.
		next := c
		next.Version++
		if err := db.WriteTx().
			Put(totals.Put(next).If("attribute_not_exists('version') OR 'version' < ?", next.Version)).
			Update(carts.Update("pk", c.PK).Remove("total").If("$ = ?", "version", c.Version)).
			Run(ctx); err != nil {
			log.Fatal(err)
		}
		// The Delete has none: a second run deletes totals written since.
		if err := db.WriteTx().
			Put(carts.Put(next).If("'version' = ?", c.Version)).
			Delete(totals.Delete("pk", c.PK)).
			Run(ctx); err != nil {
			log.Fatal(err)
		}
	}
}
