package main

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb" // want `imports github.com/aws/aws-sdk-go-v2/service/dynamodb, forbidden by rule "raw-dynamodb" \(write through example.com/shop/dbmodel\)$`
)

func main() { _ = &dynamodb.Client{} }
