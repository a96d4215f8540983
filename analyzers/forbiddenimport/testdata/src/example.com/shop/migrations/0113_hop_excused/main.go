package main // want package:"reaches example.com/shop/legacy2, github.com/aws/aws-sdk-go-v2/service/dynamodb, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

// This migration reaches the SDK through legacy2/raw.go, which an exception
// excuses.

import "example.com/shop/legacy2"

func main() { _ = legacy2.Client }
