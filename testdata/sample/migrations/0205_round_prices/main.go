// Round every price to whole cents; the old importer stored fractions of
// a cent that checkout then rounded differently on each page.
//
// Execution Time:    2026-09-01 at 14:00:00 +02:00
// Finalization Time: 2026-09-01 at 14:20:31 +02:00
package main

import (
	"context"
	"errors"
	"log"
	"math"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
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
	items, err := store.Scan(ctx, "prices")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		amount, ok := item["amount"].(*types.AttributeValueMemberN)
		if !ok {
			continue
		}
		f, err := strconv.ParseFloat(amount.Value, 64)
		if err != nil {
			log.Fatal(err)
		}
		v := dbmodel.Version(item)
		// The condition on the version makes a second run a no-op: the
		// stored item is at schemaVersion by then.
		expr, err := expression.NewBuilder().
			WithCondition(expression.Name("version").Equal(expression.Value(v))).
			WithUpdate(expression.
				Set(expression.Name("amount"), expression.Value(math.Round(f*100)/100)).
				Set(expression.Name("version"), expression.Value(schemaVersion))).
			Build()
		if err != nil {
			log.Fatal(err)
		}
		_, err = store.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
			TableName:                 aws.String("prices"),
			Key:                       dbmodel.Item{"pk": item["pk"]},
			ConditionExpression:       expr.Condition(),
			UpdateExpression:          expr.Update(),
			ExpressionAttributeNames:  expr.Names(),
			ExpressionAttributeValues: expr.Values(),
		})
		var failed *types.ConditionalCheckFailedException
		if err != nil && !errors.As(err, &failed) {
			log.Fatal(err)
		}
	}
}
