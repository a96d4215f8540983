// Correct the tax rate stored on every product sold in Portugal.
//
// Execution Time:    pending
// Finalization Time: pending
package fixtax

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
	items, err := store.Scan(ctx, "products")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		v := dbmodel.Version(item)
		if v >= schemaVersion {
			continue // already migrated
		}
		item["tax_rate"] = &types.AttributeValueMemberN{Value: "23"}
		if err := store.Put(ctx, "products", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
