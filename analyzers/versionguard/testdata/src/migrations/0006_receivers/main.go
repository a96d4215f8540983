// A write is a write whatever the receiver: an interface, a wrapper, a
// function value.
package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

type putter interface {
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
}

// loggingClient wraps the client; its PutItem passes its caller's input
// on, so the callers' calls are the writes.
type loggingClient struct{ inner *dynamodb.Client }

func (l *loggingClient) PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	log.Printf("put %s", aws.ToString(in.TableName))
	return l.inner.PutItem(ctx, in, optFns...)
}

// save takes the input too.
func save(ctx context.Context, p putter, in *dynamodb.PutItemInput) error {
	_, err := p.PutItem(ctx, in)
	return err
}

func main() {
	ctx := context.Background()
	var p putter = &loggingClient{inner: dynamodb.New(dynamodb.Options{})}

	p.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")}) // want `^PutItem is unguarded: it has no condition on "version";`
	p.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("version = :v")})

	l := &loggingClient{inner: dynamodb.New(dynamodb.Options{})}
	l.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")}) // want `^PutItem is unguarded: it has no condition on "version";`
	l.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("version = :v")})

	save(ctx, p, &dynamodb.PutItemInput{TableName: aws.String("carts")}) // want `^save \(PutItem\) is unguarded: it has no condition on "version";`
	save(ctx, p, &dynamodb.PutItemInput{ConditionExpression: aws.String("version = :v")})

	put := p.PutItem
	put(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")}) // want `^put \(PutItem\) is unguarded: it has no condition on "version";`
	put(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("version = :v")})
}
