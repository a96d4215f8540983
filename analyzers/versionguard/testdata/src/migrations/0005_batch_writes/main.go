// BatchWriteItem cannot carry a condition: only a version check before it
// (or a directive) guards it.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/dbmodel"
)

func main() {
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{})
	var items []dbmodel.Item

	var all []types.WriteRequest
	for _, item := range items {
		all = append(all, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
	}
	db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"carts": all}}) // want `^BatchWriteItem is not guarded by the item's version: a BatchWriteItem cannot carry a condition, and no comparison of "version" comes before it; .* Fix: compare the item's version before the write \(if item.Version >= target \{ continue \}\), or write the items one by one \(PutItem, UpdateItem, DeleteItem\) with a condition on "version"$`

	// Items filtered by version, written after the loop.
	var filtered []types.WriteRequest
	for _, item := range items {
		if dbmodel.Version(item) >= 2 {
			continue
		}
		filtered = append(filtered, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
	}
	db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"carts": filtered}})

	// Written in chunks inside the loop, after the check.
	var chunk []types.WriteRequest
	for _, item := range items {
		if dbmodel.Version(item) >= 2 {
			continue
		}
		chunk = append(chunk, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
		if len(chunk) == 25 {
			db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"carts": chunk}})
			chunk = nil
		}
	}

	// A condition on another attribute filters nothing by version.
	var byStatus []types.WriteRequest
	for _, item := range items {
		if item["status"] == nil || len(item) > 3 {
			continue
		}
		byStatus = append(byStatus, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
	}
	in := &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"carts": byStatus}}
	db.BatchWriteItem(ctx, in) // want `a BatchWriteItem cannot carry a condition`

	// Through a helper of another package.
	dbmodel.DeleteAll(ctx, db, "carts", nil) // want `^call of dbmodel.DeleteAll is not guarded by the item's version: it performs BatchWriteItem at example.com/dbmodel/dbmodel.go:\d+, where a BatchWriteItem cannot carry a condition, and no comparison of "version" comes before it; .* Fix: compare the item's version before the call \(if item.Version >= target \{ continue \}\), or make dbmodel.DeleteAll check the version itself$`
}
