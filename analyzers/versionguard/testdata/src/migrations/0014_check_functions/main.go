// A version check behind a function or method, in this package or
// another: a bool that is a comparison of the version counts as one.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"example.com/model"
)

var db = dynamodb.New(dynamodb.Options{})

func done(c model.Cart) bool { return c.Version >= model.Current }

func save(ctx context.Context, c model.Cart) error {
	if c.UpToDate() {
		return nil
	}
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")})
	return err
}

func main() {
	ctx := context.Background()
	var carts []model.Cart
	for _, c := range carts {
		if done(c) {
			continue
		}
		db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")})
	}
	for _, c := range carts {
		if !model.Migrated(&c) {
			db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")})
		}
	}
	for _, c := range carts {
		save(ctx, c)
	}
	// A check of something else guards nothing.
	for _, c := range carts {
		if c.Paid() {
			continue
		}
		db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")}) // want `^PutItem is unguarded: it has no condition on "version"; add a "version" condition or check first: if item\.Version >= target \{ continue \}$`
	}
}
