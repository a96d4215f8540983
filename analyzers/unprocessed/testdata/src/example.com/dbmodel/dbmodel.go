// Package dbmodel is a data-model helper: its batch calls are not
// reported (it is not a migration), but its facts make its callers'
// findings.
package dbmodel

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Store struct{ c *dynamodb.Client }

// PutAll drops what DynamoDB did not process.
func (s *Store) PutAll(ctx context.Context, reqs map[string][]types.WriteRequest) error { // want PutAll:`drops BatchWriteItem at example.com/dbmodel/dbmodel.go:\d+$`
	_, err := s.c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: reqs})
	return err
}

// PutAllRetrying sends the unprocessed items again.
func (s *Store) PutAllRetrying(ctx context.Context, reqs map[string][]types.WriteRequest) error {
	for len(reqs) > 0 {
		out, err := s.c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: reqs})
		if err != nil {
			return err
		}
		reqs = out.UnprocessedItems
	}
	return nil
}

// Batch passes the input on and returns the output: its callers handle it.
func (s *Store) Batch(ctx context.Context, in *dynamodb.BatchWriteItemInput) (*dynamodb.BatchWriteItemOutput, error) {
	return s.c.BatchWriteItem(ctx, in)
}

// Put builds the input itself and returns the output: its callers handle it.
func (s *Store) Put(ctx context.Context, reqs []types.WriteRequest) (*dynamodb.BatchWriteItemOutput, error) {
	return s.c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{"t": reqs}})
}

// Run fails on any statement's error.
func (s *Store) Run(ctx context.Context, in *dynamodb.BatchExecuteStatementInput) error {
	out, err := s.c.BatchExecuteStatement(ctx, in)
	if err != nil {
		return err
	}
	for _, r := range out.Responses {
		if r.Error != nil {
			return errors.New("statement failed")
		}
	}
	return nil
}

// Flush drops through PutAll.
func Flush(ctx context.Context, s *Store) error { // want Flush:`drops BatchWriteItem at example.com/dbmodel/dbmodel.go:\d+ via dbmodel.\(\*Store\).PutAll$`
	return s.PutAll(ctx, nil)
}
