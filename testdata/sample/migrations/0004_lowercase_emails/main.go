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
		item["email_lower"] = &types.AttributeValueMemberS{Value: "x"}
		if err := store.Put(ctx, "users", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
