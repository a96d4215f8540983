// Stamp every cart of version 4 with the region it was created in, and
// drop the error of each write.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

const (
	table       = "carts"
	fromVersion = 4
)

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	items, err := store.Scan(ctx, table)
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		if dbmodel.Version(item) != fromVersion {
			continue
		}
		item["region"] = &types.AttributeValueMemberS{Value: "eu-west-1"}
		_ = store.Put(ctx, table, item, fromVersion)
	}
}
