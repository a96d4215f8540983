package dbmodel

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// batchSize is the most items one BatchWriteItem takes.
const batchSize = 25

// Update applies update to the item at key and makes it the next version
// after expected: it fails with ErrVersionConflict when the stored item's
// version is not expected.
func (s *Store) Update(ctx context.Context, table string, key Item, update expression.UpdateBuilder, expected int) error {
	expr, err := expression.NewBuilder().
		WithCondition(expression.Name("version").Equal(expression.Value(expected))).
		WithUpdate(update.Set(expression.Name("version"), expression.Value(expected+1))).
		Build()
	if err != nil {
		return err
	}
	_, err = s.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(table),
		Key:                       key,
		ConditionExpression:       expr.Condition(),
		UpdateExpression:          expr.Update(),
		ExpressionAttributeNames:  expr.Names(),
		ExpressionAttributeValues: expr.Values(),
	})
	var failed *types.ConditionalCheckFailedException
	if errors.As(err, &failed) {
		return ErrVersionConflict
	}
	return err
}

// Touch stamps the item's updated_at with the current time. It checks no
// version: a migration that must not repeat it checks the version first.
func (s *Store) Touch(ctx context.Context, table string, key Item) error {
	_, err := s.DB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:        aws.String(table),
		Key:              key,
		UpdateExpression: aws.String("SET updated_at = :now"),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":now": &types.AttributeValueMemberS{Value: time.Now().UTC().Format(time.RFC3339)},
		},
	})
	return err
}

// DeleteAll deletes the items at keys, in batches. A batch cannot carry a
// condition: it is for tables whose items have no versions to respect.
func (s *Store) DeleteAll(ctx context.Context, table string, keys []Item) error {
	for start := 0; start < len(keys); start += batchSize {
		var reqs []types.WriteRequest
		for _, key := range keys[start:min(start+batchSize, len(keys))] {
			reqs = append(reqs, types.WriteRequest{DeleteRequest: &types.DeleteRequest{Key: key}})
		}
		if err := s.writeBatch(ctx, table, reqs); err != nil {
			return err
		}
	}
	return nil
}

// UpgradeAll writes, in batches, every item still below version next as
// version next; items already at next or later are left alone, so a
// second run writes nothing.
func (s *Store) UpgradeAll(ctx context.Context, table string, items []Item, next int) error {
	var reqs []types.WriteRequest
	for _, item := range items {
		if Version(item) >= next {
			continue
		}
		item["version"] = &types.AttributeValueMemberN{Value: strconv.Itoa(next)}
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
	}
	for start := 0; start < len(reqs); start += batchSize {
		if err := s.writeBatch(ctx, table, reqs[start:min(start+batchSize, len(reqs))]); err != nil {
			return err
		}
	}
	return nil
}

// writeBatch writes one batch, retrying the items DynamoDB left
// unprocessed.
func (s *Store) writeBatch(ctx context.Context, table string, reqs []types.WriteRequest) error {
	in := &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs}}
	for len(in.RequestItems) > 0 {
		out, err := s.DB.BatchWriteItem(ctx, in)
		if err != nil {
			return err
		}
		in.RequestItems = out.UnprocessedItems
	}
	return nil
}

// transferInput builds Transfer's transaction. Its second result keeps
// versionguard from following it: Transfer's callers are told so.
func transferInput(from, to string, item Item) (*dynamodb.TransactWriteItemsInput, error) {
	if from == to {
		return nil, errors.New("dbmodel: transfer to the same table")
	}
	return &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String(to), Item: item}},
		{Delete: &types.Delete{TableName: aws.String(from), Key: Item{"pk": item["pk"]}}},
	}}, nil
}
