// Tag every premium cart so that checkout offers free shipping. It reads
// the carts through dbmodel.ScanFirst, which stops after the first page.
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
	items, err := store.ScanFirst(ctx, table)
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		if dbmodel.Version(item) != fromVersion {
			continue
		}
		item["premium"] = &types.AttributeValueMemberBOOL{Value: true}
		if err := store.Put(ctx, table, item, fromVersion); err != nil {
			log.Fatal(err)
		}
	}
}
