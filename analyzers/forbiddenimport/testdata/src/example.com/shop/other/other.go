package other // want package:"reaches github.com/aws/aws-sdk-go-v2/service/dynamodbstreams, github.com/aws/aws-sdk-go-v2/service/dynamodbstreams/types"

// other is in no rule's from: nothing is checked.

import "github.com/aws/aws-sdk-go-v2/service/dynamodbstreams"

var _ dynamodbstreams.Record
