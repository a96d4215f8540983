// Give every product a URL slug made from its name, so that product pages
// can move from numeric IDs to readable addresses.
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

const schemaVersion = 5

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
		name, ok := item["name"].(*types.AttributeValueMemberS)
		if !ok {
			continue
		}
		item["slug"] = &types.AttributeValueMemberS{Value: slug(name.Value)}
		if err := store.Put(ctx, "products", item, v); err != nil {
			log.Fatal(err)
		}
	}
}

// slug lower-cases name and joins its words with hyphens.
func slug(name string) string {
	return strings.Join(strings.Fields(strings.ToLower(name)), "-")
}
