// Package dynamodb is a stub of the parts of
// github.com/aws/aws-sdk-go-v2/service/dynamodb that the tests use.
package dynamodb

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Options struct{ Region string }

type Client struct{ options Options }

func New(o Options) *Client { return &Client{options: o} }

type PutItemInput struct {
	Item                      map[string]types.AttributeValue
	TableName                 *string
	ConditionExpression       *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]types.AttributeValue
	Expected                  map[string]types.ExpectedAttributeValue
}

type PutItemOutput struct {
	Attributes map[string]types.AttributeValue
}

func (c *Client) PutItem(ctx context.Context, params *PutItemInput, optFns ...func(*Options)) (*PutItemOutput, error) {
	return invoke(c, ctx, "PutItem", params, &PutItemOutput{})
}

type UpdateItemInput struct {
	Key                       map[string]types.AttributeValue
	TableName                 *string
	UpdateExpression          *string
	ConditionExpression       *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]types.AttributeValue
	Expected                  map[string]types.ExpectedAttributeValue
}

type UpdateItemOutput struct {
	Attributes map[string]types.AttributeValue
}

func (c *Client) UpdateItem(ctx context.Context, params *UpdateItemInput, optFns ...func(*Options)) (*UpdateItemOutput, error) {
	return invoke(c, ctx, "UpdateItem", params, &UpdateItemOutput{})
}

type DeleteItemInput struct {
	Key                       map[string]types.AttributeValue
	TableName                 *string
	ConditionExpression       *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]types.AttributeValue
	Expected                  map[string]types.ExpectedAttributeValue
}

type DeleteItemOutput struct {
	Attributes map[string]types.AttributeValue
}

func (c *Client) DeleteItem(ctx context.Context, params *DeleteItemInput, optFns ...func(*Options)) (*DeleteItemOutput, error) {
	return invoke(c, ctx, "DeleteItem", params, &DeleteItemOutput{})
}

type BatchWriteItemInput struct {
	RequestItems map[string][]types.WriteRequest
}

type BatchWriteItemOutput struct {
	UnprocessedItems map[string][]types.WriteRequest
	ConsumedCapacity []types.ConsumedCapacity
}

func (c *Client) BatchWriteItem(ctx context.Context, params *BatchWriteItemInput, optFns ...func(*Options)) (*BatchWriteItemOutput, error) {
	return invoke(c, ctx, "BatchWriteItem", params, &BatchWriteItemOutput{})
}

type TransactWriteItemsInput struct {
	TransactItems      []types.TransactWriteItem
	ClientRequestToken *string
}

type TransactWriteItemsOutput struct{}

func (c *Client) TransactWriteItems(ctx context.Context, params *TransactWriteItemsInput, optFns ...func(*Options)) (*TransactWriteItemsOutput, error) {
	return invoke(c, ctx, "TransactWriteItems", params, &TransactWriteItemsOutput{})
}

type ExecuteStatementInput struct {
	Statement  *string
	Parameters []types.AttributeValue
}

type ExecuteStatementOutput struct {
	Items []map[string]types.AttributeValue
}

func (c *Client) ExecuteStatement(ctx context.Context, params *ExecuteStatementInput, optFns ...func(*Options)) (*ExecuteStatementOutput, error) {
	return invoke(c, ctx, "ExecuteStatement", params, &ExecuteStatementOutput{})
}

type BatchExecuteStatementInput struct {
	Statements []types.BatchStatementRequest
}

type BatchExecuteStatementOutput struct {
	Responses        []types.BatchStatementResponse
	ConsumedCapacity []types.ConsumedCapacity
}

func (c *Client) BatchExecuteStatement(ctx context.Context, params *BatchExecuteStatementInput, optFns ...func(*Options)) (*BatchExecuteStatementOutput, error) {
	return invoke(c, ctx, "BatchExecuteStatement", params, &BatchExecuteStatementOutput{})
}

type ExecuteTransactionInput struct {
	TransactStatements []types.ParameterizedStatement
}

type ExecuteTransactionOutput struct{}

func (c *Client) ExecuteTransaction(ctx context.Context, params *ExecuteTransactionInput, optFns ...func(*Options)) (*ExecuteTransactionOutput, error) {
	return invoke(c, ctx, "ExecuteTransaction", params, &ExecuteTransactionOutput{})
}

type GetItemInput struct {
	Key       map[string]types.AttributeValue
	TableName *string
}

type GetItemOutput struct {
	Item map[string]types.AttributeValue
}

func (c *Client) GetItem(ctx context.Context, params *GetItemInput, optFns ...func(*Options)) (*GetItemOutput, error) {
	return invoke(c, ctx, "GetItem", params, &GetItemOutput{})
}

type QueryInput struct {
	TableName                 *string
	IndexName                 *string
	KeyConditionExpression    *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]types.AttributeValue
	ExclusiveStartKey         map[string]types.AttributeValue
	Limit                     *int32
	Select                    types.Select
}

type QueryOutput struct {
	Items            []map[string]types.AttributeValue
	Count            int32
	LastEvaluatedKey map[string]types.AttributeValue
}

func (c *Client) Query(ctx context.Context, params *QueryInput, optFns ...func(*Options)) (*QueryOutput, error) {
	return invoke(c, ctx, "Query", params, &QueryOutput{})
}

type ScanInput struct {
	TableName                 *string
	FilterExpression          *string
	ExpressionAttributeNames  map[string]string
	ExpressionAttributeValues map[string]types.AttributeValue
	ExclusiveStartKey         map[string]types.AttributeValue
	Limit                     *int32
	Select                    types.Select
	Segment                   *int32
	TotalSegments             *int32
}

type ScanOutput struct {
	Items            []map[string]types.AttributeValue
	Count            int32
	LastEvaluatedKey map[string]types.AttributeValue
}

func (c *Client) Scan(ctx context.Context, params *ScanInput, optFns ...func(*Options)) (*ScanOutput, error) {
	return invoke(c, ctx, "Scan", params, &ScanOutput{})
}

type BatchGetItemInput struct {
	RequestItems map[string]types.KeysAndAttributes
}

type BatchGetItemOutput struct {
	Responses       map[string][]map[string]types.AttributeValue
	UnprocessedKeys map[string]types.KeysAndAttributes
}

func (c *Client) BatchGetItem(ctx context.Context, params *BatchGetItemInput, optFns ...func(*Options)) (*BatchGetItemOutput, error) {
	return invoke(c, ctx, "BatchGetItem", params, &BatchGetItemOutput{})
}

// ScanAPIClient is a client that implements the Scan operation.
type ScanAPIClient interface {
	Scan(context.Context, *ScanInput, ...func(*Options)) (*ScanOutput, error)
}

type ScanPaginatorOptions struct{ Limit int32 }

type ScanPaginator struct {
	client    ScanAPIClient
	params    *ScanInput
	nextToken map[string]types.AttributeValue
	firstPage bool
}

func NewScanPaginator(client ScanAPIClient, params *ScanInput, optFns ...func(*ScanPaginatorOptions)) *ScanPaginator {
	return &ScanPaginator{client: client, params: params, firstPage: true}
}

func (p *ScanPaginator) HasMorePages() bool { return p.firstPage || len(p.nextToken) != 0 }

func (p *ScanPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*ScanOutput, error) {
	in := *p.params
	in.ExclusiveStartKey = p.nextToken
	out, err := p.client.Scan(ctx, &in, optFns...)
	if err != nil {
		return nil, err
	}
	p.firstPage = false
	p.nextToken = out.LastEvaluatedKey
	return out, nil
}

// QueryAPIClient is a client that implements the Query operation.
type QueryAPIClient interface {
	Query(context.Context, *QueryInput, ...func(*Options)) (*QueryOutput, error)
}

type QueryPaginatorOptions struct{ Limit int32 }

type QueryPaginator struct {
	client    QueryAPIClient
	params    *QueryInput
	nextToken map[string]types.AttributeValue
	firstPage bool
}

func NewQueryPaginator(client QueryAPIClient, params *QueryInput, optFns ...func(*QueryPaginatorOptions)) *QueryPaginator {
	return &QueryPaginator{client: client, params: params, firstPage: true}
}

func (p *QueryPaginator) HasMorePages() bool { return p.firstPage || len(p.nextToken) != 0 }

func (p *QueryPaginator) NextPage(ctx context.Context, optFns ...func(*Options)) (*QueryOutput, error) {
	in := *p.params
	in.ExclusiveStartKey = p.nextToken
	out, err := p.client.Query(ctx, &in, optFns...)
	if err != nil {
		return nil, err
	}
	p.firstPage = false
	p.nextToken = out.LastEvaluatedKey
	return out, nil
}

// invoke stands for the SDK's middleware stack: it takes any input.
func invoke[Out any](c *Client, ctx context.Context, op string, params any, out Out) (Out, error) {
	_ = c.options
	return out, nil
}
