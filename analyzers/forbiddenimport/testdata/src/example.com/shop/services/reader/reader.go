package reader // want package:"reaches github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types, github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

import "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue" // want `imports github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue, which reaches github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types, forbidden by rule "no-streams" \(services must not read DynamoDB streams\); chain: example.com/shop/services/reader \(services/reader/reader.go:3\) -> github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue -> github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types$`

var _ = attributevalue.Marshal
