// Direct batch calls: the client, an interface, a wrapper of this package.
package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type batcher interface {
	BatchWriteItem(context.Context, *dynamodb.BatchWriteItemInput, ...func(*dynamodb.Options)) (*dynamodb.BatchWriteItemOutput, error)
}

func main() {
	ctx := context.Background()
	c := dynamodb.New(dynamodb.Options{})
	in := &dynamodb.BatchWriteItemInput{}

	c.BatchWriteItem(ctx, in)             // want `^BatchWriteItem output is discarded: items DynamoDB did not process are dropped; send UnprocessedItems again, with backoff, until it is empty$`
	_, err := c.BatchWriteItem(ctx, in)   // want `^BatchWriteItem output is assigned to _: items DynamoDB did not process`
	defer c.BatchWriteItem(ctx, in)       // want `^BatchWriteItem output is discarded`
	out, err := c.BatchWriteItem(ctx, in) // want `^UnprocessedItems of this BatchWriteItem is never read: items DynamoDB did not process are dropped`
	log.Print(out.ConsumedCapacity, err)

	// Printed is not handled.
	printed, err := c.BatchWriteItem(ctx, in) // want `^UnprocessedItems of this BatchWriteItem is never read`
	log.Println(printed, err)

	// Clean twins: the field is read.
	for {
		out, err := c.BatchWriteItem(ctx, in)
		if err != nil {
			log.Fatal(err)
		}
		if len(out.UnprocessedItems) == 0 {
			break
		}
		in = &dynamodb.BatchWriteItemInput{RequestItems: out.UnprocessedItems}
	}
	if out, _ := c.BatchWriteItem(ctx, in); len(out.UnprocessedItems) > 0 {
		log.Fatal("unprocessed items")
	}
	log.Print(len(mustBatch(c, in).UnprocessedItems))

	// BatchGetItem.
	got, _ := c.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{}) // want `^UnprocessedKeys of this BatchGetItem is never read: keys DynamoDB did not read are skipped; request UnprocessedKeys again, with backoff, until it is empty$`
	log.Print(got.Responses)
	var keys map[string]types.KeysAndAttributes
	for {
		got, err := c.BatchGetItem(ctx, &dynamodb.BatchGetItemInput{RequestItems: keys})
		if err != nil || len(got.UnprocessedKeys) == 0 {
			break
		}
		keys = got.UnprocessedKeys
	}

	// BatchExecuteStatement.
	res, _ := c.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{}) // want `^Responses of this BatchExecuteStatement is never read: statements that failed are lost; check each Responses\[i\].Error and retry or fail$`
	log.Print(len(res.Responses))
	res2, _ := c.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{})
	for i := range res2.Responses {
		if e := res2.Responses[i].Error; e != nil {
			log.Fatal(e.Message)
		}
	}

	res3, _ := c.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{})
	checkAll(res3.Responses)                                                        // handed on
	res4, _ := c.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{}) // want `^Responses of this BatchExecuteStatement is never read`
	log.Print(res4.Responses)

	// Through an interface.
	var b batcher = c
	b.BatchWriteItem(ctx, in) // want `^BatchWriteItem output is discarded`
	if o, err := b.BatchWriteItem(ctx, in); err == nil && o.UnprocessedItems != nil {
		log.Fatal("retry")
	}

	// Handed on: the callee decides.
	report(c.BatchWriteItem(ctx, in))

	// A helper of this package is reported at its own call, not at its calls.
	putOnce(ctx, c)
	putOnce(ctx, c)
}

func mustBatch(c *dynamodb.Client, in *dynamodb.BatchWriteItemInput) *dynamodb.BatchWriteItemOutput {
	out, err := c.BatchWriteItem(context.Background(), in)
	if err != nil {
		log.Fatal(err)
	}
	return out
}

func checkAll(rs []types.BatchStatementResponse) {
	for _, r := range rs {
		if r.Error != nil {
			log.Fatal(r.Error.Message)
		}
	}
}

func report(out *dynamodb.BatchWriteItemOutput, err error) {
	log.Print(out.UnprocessedItems, err)
}

func putOnce(ctx context.Context, c *dynamodb.Client) error {
	_, err := c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{}) // want `^BatchWriteItem output is assigned to _`
	return err
}
