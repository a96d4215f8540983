package main

// This migration imports dynamodbstreams, which ".../dynamodb/..." does not
// match, and the allowed types, which import the forbidden schemas: the
// chain stops at an allowed package.

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"
)

func main() {
	var _ types.AttributeValue
	var _ dynamodbstreams.Record
}
