// Helpers of another package, known through their facts.
package main

import (
	"context"
	"log"

	"example.com/dbmodel"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func main() {
	ctx := context.Background()
	s := &dbmodel.Store{}

	s.PutAll(ctx, nil)    // want `^call of dbmodel.\(\*Store\).PutAll loses part of the BatchWriteItem at example.com/dbmodel/dbmodel.go:\d+: items DynamoDB did not process are dropped; handle it in the helper$`
	dbmodel.Flush(ctx, s) // want `^call of dbmodel.Flush loses part of the BatchWriteItem at example.com/dbmodel/dbmodel.go:\d+ \(through dbmodel.\(\*Store\).PutAll\)`

	// Clean twins.
	s.PutAllRetrying(ctx, nil)
	s.Run(ctx, &dynamodb.BatchExecuteStatementInput{})
	out, err := s.Batch(ctx, &dynamodb.BatchWriteItemInput{})
	if err == nil && len(out.UnprocessedItems) > 0 {
		log.Fatal("unprocessed")
	}

	// A wrapper that returns the output: this call is the batch call.
	s.Batch(ctx, &dynamodb.BatchWriteItemInput{}) // want `^BatchWriteItem output is discarded`

	// A helper that returns the output of a batch it builds: the same.
	put, _ := s.Put(ctx, nil) // want `^UnprocessedItems of this BatchWriteItem is never read`
	log.Print(put.ConsumedCapacity)
	if put, err := s.Put(ctx, nil); err != nil || len(put.UnprocessedItems) > 0 {
		log.Fatal("unprocessed")
	}
}
