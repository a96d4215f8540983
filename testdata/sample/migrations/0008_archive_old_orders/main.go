// Mark every order older than five years as archived for cold storage.
//
// Execution Time:    2026-11-20 at 10:00:00 UTC
// Finalization Time: 2027-01-01 at 00:00:00 UTC
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
	items, err := store.Scan(ctx, "orders")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		v := dbmodel.Version(item)
		if v >= schemaVersion {
			continue // already migrated
		}
		item["archived"] = &types.AttributeValueMemberBOOL{Value: true}
		if err := store.Put(ctx, "orders", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
