// Add a status attribute to every order, set from its shipped flag.
//
// Execution Time:    2025-02-20 at 08:00:00 UTC
// Finalization Time: 2025-02-20 at 08:25:10 UTC
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
		item["status"] = &types.AttributeValueMemberS{Value: "shipped"}
		if err := store.Put(ctx, "orders", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
