// Reads are never writes.
package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func main() {
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{})
	in := &dynamodb.PutItemInput{TableName: aws.String("carts")}
	fmt.Println(in) // takes any, not a *PutItemInput: not a write
	db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("carts")})
	db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("carts")})
	db.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("carts")})
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`SELECT * FROM "carts"`)})
}
