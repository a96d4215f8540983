// Drop the stored session tokens of every user; sessions moved to Redis.
//
// Execution Time:    2026-10-02 at 12:30:00 +02:00
// Finalization Time: 2026-10-02 at 12:00:00 +02:00
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
	items, err := store.Scan(ctx, "users")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		v := dbmodel.Version(item)
		if v >= schemaVersion {
			continue // already migrated
		}
		item["session_token"] = &types.AttributeValueMemberNULL{Value: true}
		if err := store.Put(ctx, "users", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
