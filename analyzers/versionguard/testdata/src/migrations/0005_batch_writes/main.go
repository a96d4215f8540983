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
	db.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"carts": all}}) // want `^BatchWriteItem is unguarded: it cannot carry a condition; check first: if item\.Version >= target \{ return \}$`

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
	db.BatchWriteItem(ctx, in) // want `BatchWriteItem is unguarded: it cannot carry a condition`

	// Through a helper of another package.
	dbmodel.DeleteAll(ctx, db, "carts", nil) // want `^call of dbmodel\.DeleteAll: BatchWriteItem at dbmodel/dbmodel\.go:86 cannot carry a condition; check first: if item\.Version >= target \{ return \}$`
}
