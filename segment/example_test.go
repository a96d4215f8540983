package segment_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/miglint/miglint/segment"
)

// A migration that gives every cart at version 1 a currency, one segment
// of the table per process: run it with miglint run dev|prod NAME
// --segments N, or as an AWS Batch array job written by miglint batch.
// Started on its own, it is segment 0 of 1 and migrates the whole table.
func Example() {
	ctx := context.Background()
	seg, err := segment.FromEnv()
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	migrated, err := migrateSegment(ctx, dynamodb.NewFromConfig(cfg), "carts", seg)
	if err != nil {
		log.Fatalf("%v: %v (after migrating %d carts; run it again: migrated carts are skipped)", seg, err, migrated)
	}
	fmt.Printf("%v: migrated %d carts\n", seg, migrated)
}

// migrateSegment scans the carts of one segment, page after page, and
// moves each cart at version 1 to version 2. The Segment and
// TotalSegments fields are set together, and the loop follows
// LastEvaluatedKey to the end of the segment: a single Scan call would
// read at most 1 MB of it.
func migrateSegment(ctx context.Context, db *dynamodb.Client, table string, seg segment.Segment) (migrated int, err error) {
	in := &dynamodb.ScanInput{
		TableName:     aws.String(table),
		Segment:       aws.Int32(seg.Index),
		TotalSegments: aws.Int32(seg.Total),
	}
	for {
		page, err := db.Scan(ctx, in)
		if err != nil {
			return migrated, err
		}
		for _, item := range page.Items {
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
				TableName:                aws.String(table),
				Key:                      map[string]types.AttributeValue{"id": item["id"]},
				UpdateExpression:         aws.String("SET currency = if_not_exists(currency, :eur), #v = :to ADD touched :one"),
				ConditionExpression:      aws.String("#v = :from"),
				ExpressionAttributeNames: map[string]string{"#v": "version"},
				ExpressionAttributeValues: map[string]types.AttributeValue{
					":eur":  &types.AttributeValueMemberS{Value: "EUR"},
					":from": &types.AttributeValueMemberN{Value: "1"},
					":to":   &types.AttributeValueMemberN{Value: "2"},
					":one":  &types.AttributeValueMemberN{Value: "1"},
				},
			})
			var done *types.ConditionalCheckFailedException
			if errors.As(err, &done) {
				continue // not at version 1: migrated already, or not ours to touch
			}
			if err != nil {
				return migrated, err
			}
			migrated++
		}
		if len(page.LastEvaluatedKey) == 0 {
			return migrated, nil
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
}
