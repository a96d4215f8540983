package main // want `the exception at importrules.toml:48 \(rule "raw-dynamodb", import github.com/aws/aws-sdk-go-v2/service/dynamodb\) excuses nothing: this file no longer reaches github.com/aws/aws-sdk-go-v2/service/dynamodb; remove it` package:"reaches example.com/shop/dbmodel, github.com/aws/aws-sdk-go-v2/service/dynamodb, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

import "example.com/shop/dbmodel"

func main() { _ = dbmodel.Store{} }
