// Package repo is an application's storage layer: interfaces whose
// methods name no SDK type, implemented with DynamoDB.
package repo

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"example.com/model"
)

// CartStore saves carts; its one implementation does not guard.
type CartStore interface {
	Save(ctx context.Context, c model.Cart) error
}

// Ledger appends entries; its one implementation guards.
type Ledger interface {
	Append(ctx context.Context, c model.Cart) error
}

type Dynamo struct{ DB *dynamodb.Client }

func (d *Dynamo) Save(ctx context.Context, c model.Cart) error { // want Save:`writes PutItem at example.com/repo/repo.go:\d+$`
	_, err := d.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")})
	return err
}

func (d *Dynamo) Append(ctx context.Context, c model.Cart) error { // want Append:`writes PutItem at example.com/repo/repo.go:\d+ \[version\]`
	_, err := d.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("ledger"), ConditionExpression: aws.String("attribute_not_exists(version)")})
	return err
}
