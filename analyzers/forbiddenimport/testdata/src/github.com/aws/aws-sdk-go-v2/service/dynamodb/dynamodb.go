// Package dynamodb stands in for the AWS SDK's DynamoDB client.
package dynamodb

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

type Client struct{}

type PutItemInput struct {
	Item map[string]types.AttributeValue
}

func (*Client) PutItem(*PutItemInput) error { return nil }
