package legacy // want package:"reaches example.com/shop/legacy/store, github.com/aws/aws-sdk-go-v2/service/dynamodb, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

import "example.com/shop/legacy/store"

var Default = store.New()
