// Rename the sku attribute of every product to stock_keeping_unit.
//
// Execution Time:    2026/10/01 12:00
// Finalization Time: 2026-10-01 at 12:30:00 UTC
package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

const schemaVersion = 2

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
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
		item["stock_keeping_unit"], item["sku"] = item["sku"], &types.AttributeValueMemberNULL{Value: true}
		if err := store.Put(ctx, "products", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
