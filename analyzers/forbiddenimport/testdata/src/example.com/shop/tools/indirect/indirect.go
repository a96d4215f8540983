package indirect // want package:"reaches github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types, github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

// indirect reaches the streams types only through another
// package, which a rule with indirect = false does not follow.

import "github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"

var _ = attributevalue.Marshal
