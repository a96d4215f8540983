// Directives.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func main() {
	ctx := context.Background()
	c := dynamodb.New(dynamodb.Options{})

	//miglint:ignore unprocessed -- a table of ten items never throttles
	c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{})

	//miglint:ignore unprocessed // want `^//miglint:ignore unprocessed needs a reason: write "//miglint:ignore unprocessed -- why losing part of the batch is safe"; without one it silences nothing$`
	c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{}) // want `^BatchWriteItem output is discarded`

	//miglint:ignore unprocessed -- nothing to silence // want `^//miglint:ignore unprocessed silences nothing`
	_ = c
}
