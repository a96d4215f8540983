// Conditions written as strings: literals, constants, variables,
// placeholders, fmt.Sprintf, the legacy Expected map; each unguarded form
// has a guarded twin.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

const (
	versionCondition = "#v = :expected"
	keyCondition     = "attribute_exists(pk)"
)

func main() {
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{})

	// No condition at all.
	db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")}) // want `^PutItem is unguarded: it has no condition on "version"; add a "version" condition or check first: if item\.Version >= target \{ return \}$`

	// A literal.
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("version = :v")})
	db.UpdateItem(ctx, &dynamodb.UpdateItemInput{ConditionExpression: aws.String("attribute_exists(pk)")}) // want `^UpdateItem is unguarded: it has condition "attribute_exists\(pk\)", not on "version";`

	// A constant.
	db.DeleteItem(ctx, &dynamodb.DeleteItemInput{ConditionExpression: aws.String(versionCondition), ExpressionAttributeNames: map[string]string{"#v": "version"}})
	db.DeleteItem(ctx, &dynamodb.DeleteItemInput{ConditionExpression: aws.String(keyCondition)}) // want `DeleteItem is unguarded: it has condition "attribute_exists\(pk\)", not on "version"`

	// A variable assigned once.
	cond := "attribute_not_exists(pk) OR version < :next"
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: &cond})
	other := "size(version_history) > :n"
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: &other}) // want `PutItem is unguarded: it has condition "size\(version_history\) > :n", not on "version"`

	// A variable assigned on two paths: each value must name the version.
	twice := "version = :v"
	if len(other) > 3 {
		twice = "pk = :pk"
	}
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: &twice})                                 // want `PutItem is unguarded: it has condition "pk = :pk" \(set at line 45\), not on "version"`
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("pk = " + os.Getenv("KEY"))}) // want `PutItem is unguarded: it has a condition computed at run time \("pk = …"\)`
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("version = " + os.Getenv("KEY"))})

	// Placeholders: a map literal, a map variable, entries stored later.
	names := map[string]string{"#ver": "version"}
	db.UpdateItem(ctx, &dynamodb.UpdateItemInput{ConditionExpression: aws.String("#ver = :v"), ExpressionAttributeNames: names})
	wrong := map[string]string{"#ver": "updated_at"}
	db.UpdateItem(ctx, &dynamodb.UpdateItemInput{ConditionExpression: aws.String("#ver = :v"), ExpressionAttributeNames: wrong}) // want `UpdateItem is unguarded: it has condition "#ver = :v", not on "version"`
	stored := map[string]string{}
	stored["#n"] = "Version" // attribute names match case-insensitively
	db.UpdateItem(ctx, &dynamodb.UpdateItemInput{ConditionExpression: aws.String("#n < :v"), ExpressionAttributeNames: stored})

	// fmt.Sprintf of known parts.
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String(fmt.Sprintf("%s = :v", "version"))})
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String(fmt.Sprintf("%s = :v", "owner"))}) // want `PutItem is unguarded: it has condition "owner = :v", not on "version"`

	// An input variable whose condition is set after the literal.
	in := &dynamodb.PutItemInput{TableName: aws.String("carts")}
	in.ConditionExpression = aws.String("version = :v")
	db.PutItem(ctx, in)
	bare := &dynamodb.PutItemInput{TableName: aws.String("carts")}
	db.PutItem(ctx, bare) // want `PutItem is unguarded: it has no condition on "version"`

	// An input built by a helper of this package.
	db.PutItem(ctx, guardedInput())
	db.PutItem(ctx, plainInput()) // want `PutItem is unguarded: it has no condition on "version"`

	// The legacy Expected map names its attributes by its keys.
	db.PutItem(ctx, &dynamodb.PutItemInput{Expected: map[string]types.ExpectedAttributeValue{
		"version": {ComparisonOperator: types.ComparisonOperatorEq, Value: &types.AttributeValueMemberN{Value: "1"}},
	}})
	db.PutItem(ctx, &dynamodb.PutItemInput{Expected: map[string]types.ExpectedAttributeValue{ // want `PutItem is unguarded: it has condition "Expected: pk", not on "version"`
		"pk": {ComparisonOperator: types.ComparisonOperatorEq, Value: &types.AttributeValueMemberS{Value: "a"}},
	}})

	// An input miglint cannot follow.
	db.PutItem(ctx, inputs[0]) // want `PutItem is unguarded: it takes an input miglint cannot follow`
}

var inputs []*dynamodb.PutItemInput

func guardedInput() *dynamodb.PutItemInput {
	return &dynamodb.PutItemInput{ConditionExpression: aws.String("attribute_not_exists(version)")}
}

func plainInput() *dynamodb.PutItemInput {
	return &dynamodb.PutItemInput{TableName: aws.String("carts")}
}
