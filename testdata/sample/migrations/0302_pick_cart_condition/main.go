// Reset the discount of every cart, with a condition chosen by whether
// the cart was ever migrated.
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

const versionName = "version"

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	items, err := store.Scan(ctx, "carts")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		v := dbmodel.Version(item)
		// Both paths name the version (the second through a constant).
		var cond string
		if v == 0 {
			cond = "attribute_not_exists(#v)"
		} else {
			cond = "#v = :v"
		}
		if _, err := store.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                 aws.String("carts"),
			Key:                       dbmodel.Item{"pk": item["pk"]},
			UpdateExpression:          aws.String("SET discount = :zero"),
			ConditionExpression:       &cond,
			ExpressionAttributeNames:  map[string]string{"#v": versionName},
			ExpressionAttributeValues: map[string]types.AttributeValue{":v": &types.AttributeValueMemberN{Value: strconv.Itoa(v)}, ":zero": &types.AttributeValueMemberN{Value: "0"}},
		}); err != nil {
			log.Fatal(err)
		}
		// The second path checks only that the cart exists.
		check := "#v = :v"
		if v == 0 {
			check = "attribute_exists(pk)"
		}
		if _, err := store.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                 aws.String("carts"),
			Key:                       dbmodel.Item{"pk": item["pk"]},
			UpdateExpression:          aws.String("SET coupon = :none"),
			ConditionExpression:       aws.String(check),
			ExpressionAttributeNames:  map[string]string{"#v": versionName},
			ExpressionAttributeValues: map[string]types.AttributeValue{":v": &types.AttributeValueMemberN{Value: strconv.Itoa(v)}, ":none": &types.AttributeValueMemberS{Value: "none"}},
		}); err != nil {
			log.Fatal(err)
		}
	}
}
