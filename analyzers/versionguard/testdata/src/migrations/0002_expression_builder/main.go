// Conditions built with feature/dynamodb/expression.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/expression"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func main() {
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{})

	cond := expression.Name("version").Equal(expression.Value(3))
	update := expression.Set(expression.Name("total"), expression.Value(0))
	expr, _ := expression.NewBuilder().WithCondition(cond).WithUpdate(update).Build()
	db.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		ConditionExpression:      expr.Condition(),
		ExpressionAttributeNames: expr.Names(),
		UpdateExpression:         expr.Update(),
	})

	onlyKey, _ := expression.NewBuilder().WithCondition(expression.Name("pk").AttributeExists()).Build()
	db.UpdateItem(ctx, &dynamodb.UpdateItemInput{ConditionExpression: onlyKey.Condition()}) // want `UpdateItem is unguarded: it has a condition on expression\.Name\(pk\), not on "version"`

	// Setting the version in the update is no condition on it.
	noCondition, _ := expression.NewBuilder().WithUpdate(expression.Set(expression.Name("version"), expression.Value(4))).Build()
	db.UpdateItem(ctx, &dynamodb.UpdateItemInput{ConditionExpression: noCondition.Condition(), UpdateExpression: noCondition.Update()}) // want `UpdateItem is unguarded: it has no condition on "version"`

	// A builder built step by step.
	b := expression.NewBuilder()
	b = b.WithCondition(expression.AttributeNotExists(expression.Name("version")).Or(expression.Name("version").LessThan(expression.Value(4))))
	stepwise, _ := b.Build()
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: stepwise.Condition(), ExpressionAttributeNames: stepwise.Names()})
}
