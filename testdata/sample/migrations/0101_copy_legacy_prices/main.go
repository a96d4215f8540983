// Copy the price of every product from the legacy prices table into the
// product item, so that the product page no longer reads two tables.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
	"example.com/shop/migrations/0101_copy_legacy_prices/legacyprices"
)

const schemaVersion = 3

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	prices, err := legacyprices.Read(ctx, store.DB)
	if err != nil {
		log.Fatal(err)
	}
	items, err := store.Scan(ctx, "products")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		v := dbmodel.Version(item)
		if v >= schemaVersion {
			continue // already migrated
		}
		sku, ok := item["sku"].(*types.AttributeValueMemberS)
		if !ok {
			continue
		}
		price, ok := prices[sku.Value]
		if !ok {
			continue
		}
		item["price"] = price
		if err := store.Put(ctx, "products", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
