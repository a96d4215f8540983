// Package types stands in for the SDK's DynamoDB types, which import the
// (forbidden) schemas package as the real one does.
package types

import "github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas"

type AttributeValue interface{ schemas.Shape }
