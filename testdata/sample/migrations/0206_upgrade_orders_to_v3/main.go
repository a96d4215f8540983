// Upgrade every order to schema version 3: add the empty notes list,
// recompute the totals with the new tax rules, and stamp the order.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"errors"
	"log"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

const schemaVersion = 3

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	orders, err := store.Scan(ctx, "orders")
	if err != nil {
		log.Fatal(err)
	}

	// Batches cannot carry conditions: UpgradeAll skips the orders that
	// are already at schemaVersion.
	for _, order := range orders {
		order["notes"] = &types.AttributeValueMemberL{}
	}
	if err := store.UpgradeAll(ctx, "orders", orders, schemaVersion); err != nil {
		log.Fatal(err)
	}

	// Update conditions on the version itself.
	for _, order := range orders {
		key := dbmodel.Item{"pk": order["pk"]}
		update := expression.Set(expression.Name("tax_rule"), expression.Value("2026"))
		err := store.Update(ctx, "orders", key, update, dbmodel.Version(order))
		if err != nil && !errors.Is(err, dbmodel.ErrVersionConflict) {
			log.Fatal(err)
		}
	}

	// Touch checks no version, so this loop checks it first.
	for _, order := range orders {
		if dbmodel.Version(order) >= schemaVersion {
			continue
		}
		if err := store.Touch(ctx, "orders", dbmodel.Item{"pk": order["pk"]}); err != nil {
			log.Fatal(err)
		}
	}
}
