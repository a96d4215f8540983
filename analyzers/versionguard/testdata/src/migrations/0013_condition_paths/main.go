// A condition held in a variable set on several paths: guarded only when
// every value that reaches the write names the version; the finding names
// the value that does not.
package main

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

const (
	versionAttr = "version"
	checkFresh  = "attribute_not_exists(pk)"
	checkOld    = "#v < :target"
)

func main() {
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{})
	fresh := os.Getenv("FRESH") != ""

	// An if/else, then &expr: both values name the version.
	var expr string
	if fresh {
		expr = "attribute_not_exists(version)"
	} else {
		expr = "version < :target"
	}
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: &expr})

	// A switch of constants, through a placeholder that a constant names.
	var cond string
	switch os.Getenv("MODE") {
	case "new":
		cond = "attribute_not_exists(#v)"
	default:
		cond = checkOld
	}
	db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		ConditionExpression:      aws.String(cond),
		ExpressionAttributeNames: map[string]string{"#v": versionAttr},
	})

	// One path names only the key: that path is the finding.
	unsafe := "version < :target"
	if fresh {
		unsafe = checkFresh
	}
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String(unsafe)}) // want `^PutItem is unguarded: it has condition "attribute_not_exists\(pk\)" \(set at line 51\), not on "version";`

	// A statement chosen on two paths.
	stmt := `UPDATE carts SET a = ? WHERE pk = ? AND version = ?`
	if fresh {
		stmt = `UPDATE carts SET a = ? WHERE pk = ?`
	}
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: &stmt}) // want `^ExecuteStatement is unguarded: "UPDATE carts SET a = \? WHERE \.\.\." \(set at line 58\) lacks "version" in WHERE;`

	// Members of a transaction, each with its own variable.
	put := &types.Put{ConditionExpression: &expr}
	db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{{Put: put}}})
}
