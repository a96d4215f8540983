package helper // want package:"reaches example.com/shop/mixed/inner, github.com/aws/aws-sdk-go-v2/service/dynamodb, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

import "example.com/shop/mixed/inner"

var Client = inner.Client
