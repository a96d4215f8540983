package clean // want package:"reaches example.com/shop/dbmodel, github.com/aws/aws-sdk-go-v2/service/dynamodb, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

import "example.com/shop/dbmodel"

var _ dbmodel.Store
