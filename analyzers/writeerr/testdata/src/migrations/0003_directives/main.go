// Directives.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func main() {
	ctx := context.Background()
	c := dynamodb.New(dynamodb.Options{})

	//miglint:ignore writeerr -- best effort: the marker is rebuilt on the next run
	c.PutItem(ctx, &dynamodb.PutItemInput{})

	//miglint:ignore writeerr // want `^//miglint:ignore writeerr needs a reason: write "//miglint:ignore writeerr -- why a failed write may go unnoticed"; without one it silences nothing$`
	c.PutItem(ctx, &dynamodb.PutItemInput{}) // want `^error of PutItem is discarded`

	//miglint:ignore writeerr -- nothing to silence // want `^//miglint:ignore writeerr silences nothing`
	_ = c
}
