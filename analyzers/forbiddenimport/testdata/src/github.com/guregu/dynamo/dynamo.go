// Package dynamo is a third-party wrapper of the raw client.
package dynamo

import "github.com/aws/aws-sdk-go-v2/service/dynamodb"

type DB struct{ client *dynamodb.Client }
