// Helpers of another package, known through their facts.
package main

import (
	"context"

	"example.com/dbmodel"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func main() {
	ctx := context.Background()
	s := &dbmodel.Store{}

	s.FirstPage(ctx, "carts")      // want `^call of dbmodel.\(\*Store\).FirstPage reads only the first page \(1 MB\): its Scan at example.com/dbmodel/dbmodel.go:\d+ never follows LastEvaluatedKey; paginate in the helper$`
	dbmodel.Count(ctx, s, "carts") // want `^call of dbmodel.Count reads only the first page \(1 MB\): its Scan at example.com/dbmodel/dbmodel.go:\d+ \(through dbmodel.\(\*Store\).FirstPage\) never follows`

	// Clean twins: helpers that page.
	s.All(ctx, "carts")
	s.Each(ctx, &dynamodb.QueryInput{}, func(dbmodel.Item) {})

	// A wrapper that passes the input on: this call is the read.
	s.Page(ctx, &dynamodb.ScanInput{}) // want `^Scan reads only the first page`
}
