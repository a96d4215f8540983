// Tag every gift cart so that checkout hides prices on the receipt. The
// clean twin of 0401: dbmodel.Scan reads every page.
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
		item["gift"] = &types.AttributeValueMemberBOOL{Value: true}
		if err := store.Put(ctx, table, item, fromVersion); err != nil {
			log.Fatal(err)
		}
	}
}
