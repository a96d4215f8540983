// Stamp every order with the AWS region its table lives in, read from the
// shared AWS configuration, so that the regional split can route orders.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

const schemaVersion = 4

func main() {
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
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
		item["region"] = &types.AttributeValueMemberS{Value: cfg.Region}
		if err := store.Put(ctx, "orders", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
