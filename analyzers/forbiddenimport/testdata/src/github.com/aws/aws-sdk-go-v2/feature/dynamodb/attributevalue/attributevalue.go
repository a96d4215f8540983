// Package attributevalue is a third-party package that reaches the
// streams types, as the real one does.
package attributevalue

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	streams "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"
)

func Marshal(any) (types.AttributeValue, error) { return nil, nil }

func FromStream(streams.Keys) {}
