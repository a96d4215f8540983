// Move every cart from schema version 1 to 2: version 2 carts always carry
// a currency, so that checkout stops assuming euros. Carts that have none
// get EUR, the only currency the shop sold in before version 2; carts
// that already name one keep it.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

const (
	table = "carts"
	// fromVersion is the version this migration upgrades; dbmodel.Put
	// writes fromVersion+1, only while the stored item still has
	// fromVersion. A second run finds nothing left at fromVersion.
	fromVersion     = 1
	defaultCurrency = "EUR"
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
	var migrated, skipped, conflicts int
	for _, item := range items {
		if dbmodel.Version(item) != fromVersion {
			skipped++ // already migrated, or of a version this migration does not know
			continue
		}
		if _, ok := item["currency"]; !ok {
			item["currency"] = &types.AttributeValueMemberS{Value: defaultCurrency}
		}
		err := store.Put(ctx, table, item, fromVersion)
		switch {
		case errors.Is(err, dbmodel.ErrVersionConflict):
			conflicts++ // written by someone else since the scan: the next run sees it
		case err != nil:
			log.Fatal(err)
		default:
			migrated++
		}
	}
	fmt.Printf("%s: migrated %d, skipped %d (not at version %d), conflicts %d\n", table, migrated, skipped, fromVersion, conflicts)
	if conflicts > 0 {
		log.Fatalf("%d carts changed while migrating; run the migration again", conflicts)
	}
}
