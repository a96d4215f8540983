package main // want package:"reaches example.com/shop/dbmodel, github.com/aws/aws-sdk-go-v2/service/dynamodb, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// This migration reaches the SDK only through dbmodel, a via package.

import "example.com/shop/dbmodel"

func main() { _ = dbmodel.Store{} }
