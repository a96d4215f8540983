// Transactions: every Put, Update and Delete needs its own condition.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func main() {
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{})

	db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{ConditionExpression: aws.String("version = :v")}},
		{Update: &types.Update{ConditionExpression: aws.String("#v = :v"), ExpressionAttributeNames: map[string]string{"#v": "version"}}},
		{ConditionCheck: &types.ConditionCheck{ConditionExpression: aws.String("attribute_exists(pk)")}},
	}})

	db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{ // want `^TransactWriteItems is unguarded: TransactItems\[1\]\.Delete has no condition on "version";`
		{Put: &types.Put{ConditionExpression: aws.String("version = :v")}},
		{Delete: &types.Delete{TableName: aws.String("carts")}},
	}})

	var items []types.TransactWriteItem
	items = append(items, types.TransactWriteItem{Put: &types.Put{ConditionExpression: aws.String("version = :v")}})
	items = append(items, types.TransactWriteItem{Update: &types.Update{UpdateExpression: aws.String("SET total = :t")}})
	db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: items}) // want `TransactWriteItems is unguarded: TransactItems\[line 29\]\.Update has no condition on "version"`

	guarded := []types.TransactWriteItem{
		{Put: &types.Put{ConditionExpression: aws.String("version = :v")}},
	}
	put := &types.Update{UpdateExpression: aws.String("SET total = :t")}
	put.ConditionExpression = aws.String("version < :next")
	guarded = append(guarded, types.TransactWriteItem{Update: put})
	db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: guarded})
}
