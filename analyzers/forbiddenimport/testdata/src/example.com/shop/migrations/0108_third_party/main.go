package main

import "github.com/guregu/dynamo" // want `imports github.com/guregu/dynamo, which reaches github.com/aws/aws-sdk-go-v2/service/dynamodb, forbidden by rule "raw-dynamodb" \(write through example.com/shop/dbmodel\); chain: example.com/shop/migrations/0108_third_party \(migrations/0108_third_party/main.go:3\) -> github.com/guregu/dynamo -> github.com/aws/aws-sdk-go-v2/service/dynamodb$`

func main() { _ = dynamo.DB{} }
