// Write every product's SKU in upper case, as the warehouse system
// expects, so that stock updates match the products again.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

const schemaVersion = 4

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	items, err := store.Scan(ctx, "products")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		v := dbmodel.Version(item)
		if v >= schemaVersion {
			continue // already migrated
		}
		sku, ok := item["sku"].(*types.AttributeValueMemberS)
		if !ok {
			continue
		}
		item["sku"] = &types.AttributeValueMemberS{Value: strings.ToUpper(sku.Value)}
		if err := store.Put(ctx, "products", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
