// Pagination spread over calls and closures, as libraries write it.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type iter struct {
	c      *dynamodb.Client
	input  *dynamodb.QueryInput
	output *dynamodb.QueryOutput
}

// Next pages between its calls: the key is kept in the iterator.
func (it *iter) Next(ctx context.Context) bool {
	if it.output != nil {
		if it.output.LastEvaluatedKey == nil {
			return false
		}
		it.input.ExclusiveStartKey = it.output.LastEvaluatedKey
	}
	var err error
	it.output, err = it.c.Query(ctx, it.input)
	return err == nil
}

type counter struct {
	c        *dynamodb.Client
	startKey map[string]types.AttributeValue
}

func (q *counter) input() *dynamodb.ScanInput {
	return &dynamodb.ScanInput{ExclusiveStartKey: q.startKey, Select: types.SelectCount}
}

func retry(f func() error) error { return f() }

// Count keeps each page's key where the next input is built from, and
// reads inside a closure in the loop.
func (q *counter) Count(ctx context.Context) (int, error) {
	n := 0
	for {
		var out *dynamodb.ScanOutput
		err := retry(func() error {
			var err error
			out, err = q.c.Scan(ctx, q.input())
			return err
		})
		if err != nil {
			return 0, err
		}
		n += int(out.Count)
		q.startKey = out.LastEvaluatedKey
		if q.startKey == nil {
			return n, nil
		}
	}
}

// all calls itself with the next page's key.
func all(ctx context.Context, c *dynamodb.Client, in *dynamodb.ScanInput) error {
	out, err := c.Scan(ctx, in)
	if err != nil || out.LastEvaluatedKey == nil {
		return err
	}
	in.ExclusiveStartKey = out.LastEvaluatedKey
	return all(ctx, c, in)
}

func main() {
	ctx := context.Background()
	c := dynamodb.New(dynamodb.Options{})
	it := &iter{c: c, input: &dynamodb.QueryInput{}}
	for it.Next(ctx) {
	}
	(&counter{c: c}).Count(ctx)
	all(ctx, c, &dynamodb.ScanInput{})

	// A loop that asks for the key but never feeds it on reads the
	// first page again and again.
	for {
		out, err := c.Scan(ctx, &dynamodb.ScanInput{}) // want `^Scan reads only the first page`
		if err != nil || out.LastEvaluatedKey == nil {
			break
		}
	}
}
