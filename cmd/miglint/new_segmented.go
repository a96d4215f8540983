package main

import "github.com/miglint/miglint/migration"

// segmentedMigrationSource is the file miglint new --segmented writes: a
// migration that scans its own parallel-scan segment (package segment),
// page after page, and rewrites each item under a version condition. It
// lints clean but for the header's TODO description.
const segmentedMigrationSource = migration.Skeleton + `package main

import (
	"context"
	"errors"
	"log"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/miglint/miglint/segment"
)

// The table this migration rewrites, and the versions it moves items
// between: an item at fromVersion becomes toVersion; any other is left
// alone, so a second run (or a retried segment) changes nothing.
const (
	table       = "your_table"
	fromVersion = 1
	toVersion   = 2
)

func main() {
	ctx := context.Background()
	// This process's part of the table: segment I of N under
	// miglint run --segments N or in an AWS Batch array job written by
	// miglint batch; segment 0 of 1 (the whole table) when run alone.
	seg, err := segment.FromEnv()
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		log.Fatal(err)
	}
	db := dynamodb.NewFromConfig(cfg)

	in := &dynamodb.ScanInput{
		TableName:     aws.String(table),
		Segment:       aws.Int32(seg.Index), // always together with TotalSegments
		TotalSegments: aws.Int32(seg.Total),
	}
	migrated, skipped := 0, 0
	for {
		page, err := db.Scan(ctx, in)
		if err != nil {
			log.Fatalf("%v: scanning %s: %v (migrated %d so far; run it again)", seg, table, err, migrated)
		}
		for _, item := range page.Items {
			// Write the change here. The condition on the version makes
			// the write a no-op for an item another run has migrated.
			_, err := db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
				TableName:                aws.String(table),
				Key:                      map[string]types.AttributeValue{"id": item["id"]},
				UpdateExpression:         aws.String("SET #v = :to"),
				ConditionExpression:      aws.String("#v = :from"),
				ExpressionAttributeNames: map[string]string{"#v": "version"},
				ExpressionAttributeValues: map[string]types.AttributeValue{
					":from": &types.AttributeValueMemberN{Value: strconv.Itoa(fromVersion)},
					":to":   &types.AttributeValueMemberN{Value: strconv.Itoa(toVersion)},
				},
			})
			var notAtFrom *types.ConditionalCheckFailedException
			if errors.As(err, &notAtFrom) {
				skipped++
				continue
			}
			if err != nil {
				log.Fatalf("%v: updating an item of %s: %v (migrated %d so far; run it again)", seg, table, err, migrated)
			}
			migrated++
		}
		// A page holds at most 1 MB: follow LastEvaluatedKey to the end
		// of this segment.
		if len(page.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = page.LastEvaluatedKey
	}
	log.Printf("%v of %s: migrated %d, skipped %d", seg, table, migrated, skipped)
}
`

// segmentedNote is what miglint new --segmented adds to its message.
const segmentedNote = " It scans one parallel-scan segment per process (package github.com/miglint/miglint/segment); if your module lacks them: go get github.com/miglint/miglint github.com/aws/aws-sdk-go-v2/config github.com/aws/aws-sdk-go-v2/service/dynamodb. Run it with miglint run dev NAME --segments N, and on AWS Batch with miglint batch NAME --segments N."
