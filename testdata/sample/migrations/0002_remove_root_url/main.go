// Remove the legacy root_url attribute from every git root. The URL now
// lives in the root's environment list.
//
// Execution Time:    2021-01-17 at 16:30:22 UTC-05
// Finalization Time: 2021-01-17 at 16:58:03 UTC-05
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
	items, err := store.Scan(ctx, "roots")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		v := dbmodel.Version(item)
		if v >= schemaVersion {
			continue // already migrated
		}
		item["root_url"] = &types.AttributeValueMemberNULL{Value: true}
		if err := store.Put(ctx, "roots", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
