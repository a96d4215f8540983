// Package dbmodel is a data-model helper: its reads are not reported
// (it is not a migration), but its facts make its callers' findings.
package dbmodel

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Item = map[string]types.AttributeValue

type Store struct{ c *dynamodb.Client }

// FirstPage reads one page: every caller misses the rest.
func (s *Store) FirstPage(ctx context.Context, table string) ([]Item, error) { // want FirstPage:`one page: Scan at example.com/dbmodel/dbmodel.go:\d+$`
	out, err := s.c.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table)})
	if err != nil {
		return nil, err
	}
	return out.Items, nil
}

// All reads every page.
func (s *Store) All(ctx context.Context, table string) ([]Item, error) {
	in := &dynamodb.ScanInput{TableName: aws.String(table)}
	var items []Item
	for {
		out, err := s.c.Scan(ctx, in)
		if err != nil {
			return nil, err
		}
		items = append(items, out.Items...)
		if len(out.LastEvaluatedKey) == 0 {
			return items, nil
		}
		in.ExclusiveStartKey = out.LastEvaluatedKey
	}
}

// Each pages through the input its caller gives it.
func (s *Store) Each(ctx context.Context, in *dynamodb.QueryInput, f func(Item)) error { // want Each:`paginates its input`
	p := dynamodb.NewQueryPaginator(s.c, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, it := range page.Items {
			f(it)
		}
	}
	return nil
}

// Page passes the input on: its callers' calls are the reads.
func (s *Store) Page(ctx context.Context, in *dynamodb.ScanInput) (*dynamodb.ScanOutput, error) {
	return s.c.Scan(ctx, in)
}

// Count counts through a helper that reads one page.
func Count(ctx context.Context, s *Store, table string) (int, error) { // want Count:`one page: Scan at example.com/dbmodel/dbmodel.go:\d+ via dbmodel.\(\*Store\).FirstPage$`
	items, err := s.FirstPage(ctx, table)
	return len(items), err
}
