// Paginators.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func main() {
	ctx := context.Background()
	c := dynamodb.New(dynamodb.Options{})

	once := dynamodb.NewScanPaginator(c, &dynamodb.ScanInput{})
	if once.HasMorePages() {
		page, _ := once.NextPage(ctx) // want `^NextPage of the Scan paginator is not called in a loop on HasMorePages, so it reads only the first page; write for p.HasMorePages\(\)`
		_ = page
	}

	q := dynamodb.NewQueryPaginator(c, &dynamodb.QueryInput{})
	q.NextPage(ctx) // want `^NextPage of the Query paginator is not called in a loop`

	// The standard loop.
	p := dynamodb.NewScanPaginator(c, &dynamodb.ScanInput{})
	for p.HasMorePages() {
		if _, err := p.NextPage(ctx); err != nil {
			return
		}
	}

	// The question asked in the body.
	p2 := dynamodb.NewQueryPaginator(c, &dynamodb.QueryInput{})
	for {
		if !p2.HasMorePages() {
			break
		}
		p2.NextPage(ctx)
	}

	// A loop that never asks: it reads the first page again and again.
	p3 := dynamodb.NewScanPaginator(c, &dynamodb.ScanInput{})
	for i := 0; i < 3; i++ {
		p3.NextPage(ctx) // want `^NextPage of the Scan paginator is not called in a loop`
	}

	// Handed on: miglint cannot follow it.
	drain(ctx, dynamodb.NewScanPaginator(c, &dynamodb.ScanInput{}))
	p4 := dynamodb.NewScanPaginator(c, &dynamodb.ScanInput{})
	drain(ctx, p4)
}

func drain(ctx context.Context, p *dynamodb.ScanPaginator) {
	for p.HasMorePages() {
		p.NextPage(ctx)
	}
}
