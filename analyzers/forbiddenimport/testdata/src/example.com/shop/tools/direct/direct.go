package direct // want package:"reaches github.com/aws/aws-sdk-go-v2/service/dynamodbstreams, github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

import "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams" // want `imports github.com/aws/aws-sdk-go-v2/service/dynamodbstreams, forbidden by rule "direct-streams" \(tools must not import the streams client themselves\)$`

var _ dynamodbstreams.Record
