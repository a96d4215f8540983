// Package fluent is a builder-style DynamoDB library (as guregu/dynamo):
// its writes take their condition from the caller at run time.
package fluent

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

type Table struct {
	db   *dynamodb.Client
	name string
}

type Put struct {
	table     Table
	item      map[string]string
	condition string
}

func (t Table) Put(item map[string]string) *Put { return &Put{table: t, item: item} }

// If adds a condition in the library's syntax: 'name' = ?.
func (p *Put) If(expr string, args ...any) *Put {
	if p.condition != "" {
		p.condition += " AND "
	}
	p.condition += expr
	return p
}

// Set is no condition, whatever it names.
func (p *Put) Set(name string, value any) *Put { return p }

func (p *Put) Run(ctx context.Context) error { // want Run:`writes PutItem at example.com/fluent/fluent.go:\d+ via fluent.\(\*Put\).run$`
	return p.run(ctx)
}

func (p *Put) run(ctx context.Context) error { // want run:`writes PutItem at example.com/fluent/fluent.go:\d+$`
	in := &dynamodb.PutItemInput{TableName: aws.String(p.table.name)}
	if p.condition != "" {
		in.ConditionExpression = &p.condition
	}
	_, err := p.table.db.PutItem(ctx, in)
	return err
}
