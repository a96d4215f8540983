// Package dbmodel is the shop's data-model layer: every write to DynamoDB
// goes through it, and every write carries a condition on the item's
// version so that a migration can run twice without corrupting data.
package dbmodel

import (
	"context"
	"errors"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Item is one DynamoDB item.
type Item = map[string]types.AttributeValue

// Store reads and writes the shop's tables.
type Store struct {
	DB *dynamodb.Client
}

// ErrVersionConflict means the item changed (or was already migrated)
// since it was read.
var ErrVersionConflict = errors.New("dbmodel: version conflict")

// Open connects to DynamoDB with the default AWS configuration (the
// environment, then the shared config files).
func Open(ctx context.Context) (*Store, error) {
	cfg, err := Config(ctx)
	if err != nil {
		return nil, err
	}
	return &Store{DB: dynamodb.NewFromConfig(cfg)}, nil
}

// Config is the default AWS configuration, for the code that opens its
// own clients (the dynamo library).
func Config(ctx context.Context) (aws.Config, error) {
	return config.LoadDefaultConfig(ctx)
}

// Version returns the item's version attribute, 0 when it has none.
func Version(item Item) int {
	if n, ok := item["version"].(*types.AttributeValueMemberN); ok {
		v, _ := strconv.Atoi(n.Value)
		return v
	}
	return 0
}

// Scan returns every item of table.
func (s *Store) Scan(ctx context.Context, table string) ([]Item, error) {
	var items []Item
	p := dynamodb.NewScanPaginator(s.DB, &dynamodb.ScanInput{TableName: aws.String(table)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		items = append(items, page.Items...)
	}
	return items, nil
}

// Put writes item as the next version after expected: it fails with
// ErrVersionConflict when the stored item's version is not expected.
func (s *Store) Put(ctx context.Context, table string, item Item, expected int) error {
	next := Item{}
	for k, v := range item {
		next[k] = v
	}
	next["version"] = &types.AttributeValueMemberN{Value: strconv.Itoa(expected + 1)}
	_, err := s.DB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                aws.String(table),
		Item:                     next,
		ConditionExpression:      aws.String("attribute_not_exists(#v) OR #v = :expected"),
		ExpressionAttributeNames: map[string]string{"#v": "version"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":expected": &types.AttributeValueMemberN{Value: strconv.Itoa(expected)},
		},
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return ErrVersionConflict
	}
	return err
}
