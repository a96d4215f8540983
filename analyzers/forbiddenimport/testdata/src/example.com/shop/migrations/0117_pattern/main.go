package main

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas"
)

func main() {
	_ = &dynamodb.Client{}
	var _ schemas.Shape
}
