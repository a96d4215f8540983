// Direct reads: the client, an interface, a wrapper of this package.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type scanner interface {
	Scan(context.Context, *dynamodb.ScanInput, ...func(*dynamodb.Options)) (*dynamodb.ScanOutput, error)
}

func main() {
	ctx := context.Background()
	c := dynamodb.New(dynamodb.Options{})

	out, _ := c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("carts")}) // want `^Scan reads only the first page \(1 MB\): loop while LastEvaluatedKey is set, passing it as ExclusiveStartKey, or use dynamodb.NewScanPaginator$`
	_ = out

	// The standard loop.
	in := &dynamodb.ScanInput{TableName: aws.String("carts")}
	for {
		out, err := c.Scan(ctx, in)
		if err != nil {
			return
		}
		_ = out.Items
		if out.LastEvaluatedKey == nil {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}

	// The key fed through a variable into the next literal.
	var start map[string]types.AttributeValue
	for more := true; more; {
		out, err := c.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("orders"), ExclusiveStartKey: start})
		if err != nil {
			return
		}
		start = out.LastEvaluatedKey
		more = len(start) != 0
	}

	// A bounded read the author asked for.
	c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("carts"), Limit: aws.Int32(10)})
	limited := &dynamodb.QueryInput{TableName: aws.String("orders")}
	limited.Limit = aws.Int32(1)
	c.Query(ctx, limited)

	// COUNT is per page too.
	n, _ := c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("carts"), Select: types.SelectCount}) // want `^Scan \(its Count is per page\) reads only the first page`
	_ = n

	// A loop is not enough: each id reads one page.
	for _, id := range []string{"a", "b"} {
		c.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(id)}) // want `^Query reads only the first page`
	}

	// Through an interface.
	var s scanner = c
	s.Scan(ctx, &dynamodb.ScanInput{}) // want `^Scan reads only the first page`
	pageAll(ctx, s)

	// Through a wrapper: the caller's call is the read.
	scanPage(ctx, c, &dynamodb.ScanInput{}) // want `^Scan reads only the first page`
	w := &dynamodb.ScanInput{}
	for {
		out, _ := scanPage(ctx, c, w)
		if len(out.LastEvaluatedKey) == 0 {
			break
		}
		w.ExclusiveStartKey = out.LastEvaluatedKey
	}

	// A helper of this package is reported at its own read, not at its calls.
	firstPage(ctx, c)
	firstPage(ctx, c)

	parallel(ctx, c)
}

func pageAll(ctx context.Context, s scanner) {
	in := &dynamodb.ScanInput{}
	for {
		out, err := s.Scan(ctx, in)
		if err != nil || out.LastEvaluatedKey == nil {
			return
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

func scanPage(ctx context.Context, c *dynamodb.Client, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, error) {
	return c.Scan(ctx, in)
}

func firstPage(ctx context.Context, c *dynamodb.Client) {
	c.Scan(ctx, &dynamodb.ScanInput{}) // want `^Scan reads only the first page`
}

func parallel(ctx context.Context, c *dynamodb.Client) {
	// Each segment paginates, with both fields set.
	in := &dynamodb.ScanInput{Segment: aws.Int32(0), TotalSegments: aws.Int32(4)}
	for {
		out, err := c.Scan(ctx, in)
		if err != nil || len(out.LastEvaluatedKey) == 0 {
			break
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}

	// One segment, one page.
	c.Scan(ctx, &dynamodb.ScanInput{Segment: aws.Int32(0), TotalSegments: aws.Int32(4)}) // want `^Scan reads only the first page`

	// Segment alone.
	half := &dynamodb.ScanInput{Segment: aws.Int32(1)}
	for {
		out, err := c.Scan(ctx, half) // want `^parallel Scan sets Segment without TotalSegments; set both`
		if err != nil || len(out.LastEvaluatedKey) == 0 {
			break
		}
		half.ExclusiveStartKey = out.LastEvaluatedKey
	}
}
