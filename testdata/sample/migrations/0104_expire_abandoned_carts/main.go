// Expire the carts abandoned before the checkout rewrite: give each one a
// time to live, found through the carts-by-update index.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
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
	out, err := store.DB.Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String("carts"),
		IndexName:                 aws.String("by_update"),
		KeyConditionExpression:    aws.String("bucket = :old"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":old": &types.AttributeValueMemberS{Value: "before-rewrite"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range out.Items {
		v := dbmodel.Version(item)
		if v >= schemaVersion {
			continue // already migrated
		}
		item["ttl"] = &types.AttributeValueMemberN{Value: "1798761600"}
		if err := store.Put(ctx, "carts", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
