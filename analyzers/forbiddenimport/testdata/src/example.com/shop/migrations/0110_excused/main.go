package main // want package:"reaches github.com/aws/aws-sdk-go-v2/service/dynamodb, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

import "github.com/aws/aws-sdk-go-v2/service/dynamodb"

func main() { _ = &dynamodb.Client{} }
