// Package dynamodbstreams shares a prefix with dynamodb, not a segment.
package dynamodbstreams

import "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

type Record struct{ Keys types.Keys }
