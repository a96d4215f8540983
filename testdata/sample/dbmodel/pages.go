package dbmodel

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// ScanFirst returns the items of table's first page: at most 1 MB of
// them. It was written for small lookup tables; on any other table it
// misses items (pagination reports its callers).
func (s *Store) ScanFirst(ctx context.Context, table string) ([]Item, error) {
	out, err := s.DB.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table)})
	if err != nil {
		return nil, err
	}
	return out.Items, nil
}

// BatchPut writes items in one BatchWriteItem, without a condition, and
// returns its output: the caller must look at UnprocessedItems.
func (s *Store) BatchPut(ctx context.Context, table string, items []Item) (*dynamodb.BatchWriteItemOutput, error) {
	var reqs []types.WriteRequest
	for _, item := range items {
		reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: item}})
	}
	return s.DB.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{table: reqs}})
}
