package main // want `the exception at importrules.toml:48 \(rule "raw-dynamodb", import github.com/aws/aws-sdk-go-v2/service/dynamodb\) excuses nothing: this file no longer reaches github.com/aws/aws-sdk-go-v2/service/dynamodb; remove it`

import "example.com/shop/dbmodel"

func main() { _ = dbmodel.Store{} }
