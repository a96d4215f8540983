// Package dbmodel is a data-model helper: its writes are not reported (it
// is not a migration), but its facts make its callers' findings.
package dbmodel

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

type Store struct{ c *dynamodb.Client }

func (s *Store) Touch(ctx context.Context, table string) error { // want Touch:`writes UpdateItem at example.com/dbmodel/dbmodel.go:\d+$`
	_, err := s.c.UpdateItem(ctx, &dynamodb.UpdateItemInput{TableName: aws.String(table)})
	return err
}

// Sync writes through Touch.
func Sync(ctx context.Context, s *Store) error { // want Sync:`writes UpdateItem at example.com/dbmodel/dbmodel.go:\d+ via dbmodel.\(\*Store\).Touch$`
	return s.Touch(ctx, "carts")
}

// Get reads: its error is not a write's.
func (s *Store) Get(ctx context.Context) error {
	_, err := s.c.GetItem(ctx, &dynamodb.GetItemInput{})
	return err
}

// Log writes but returns no error: there is nothing to check at its calls.
func (s *Store) Log(ctx context.Context) { // want Log:`writes PutItem at`
	s.c.PutItem(ctx, &dynamodb.PutItemInput{})
}
