// PartiQL: an UPDATE or DELETE needs the version in its WHERE clause; a
// SELECT is a read; an INSERT cannot be conditioned.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

func table() string { return "carts" }

func main() {
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{})

	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`UPDATE "carts" SET total = ? WHERE pk = ? AND version = ?`)})
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`UPDATE carts SET total = ? WHERE pk = ?`)}) // want `^ExecuteStatement is not guarded by the item's version: it runs "UPDATE carts SET total = \? WHERE pk = \?", whose WHERE clause does not name "version", and no comparison of "version" comes before it; .* Fix: add "AND version = \?" to the WHERE clause, or compare the item's version before the write`
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`DELETE FROM "carts" WHERE pk = ? AND "version" = ?`)})
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`UPDATE carts SET version = ? WHERE pk = ?`)}) // want `whose WHERE clause does not name "version"`
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`SELECT * FROM "carts" WHERE pk = ?`)})
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`INSERT INTO "carts" VALUE {'pk': ?, 'version': 1}`)}) // want `it runs an INSERT, which cannot be conditioned on "version".* Fix: compare the item's version before the write .*, or use an UPDATE whose WHERE clause names "version"`

	// Partly known: the verb and WHERE clause are what count.
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String("UPDATE " + table() + " SET total = ? WHERE pk = ? AND version = ?")})
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String("DELETE FROM " + table() + " WHERE pk = ?")}) // want `runs "DELETE FROM … WHERE pk = \?"`
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(table())})                                    // want `runs a statement computed at run time, so no WHERE clause on "version" is visible`

	db.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{Statements: []types.BatchStatementRequest{ // want `BatchExecuteStatement is not guarded by the item's version: Statements\[1\] runs "DELETE FROM carts WHERE pk = \?"`
		{Statement: aws.String("UPDATE carts SET a = ? WHERE pk = ? AND version = ?")},
		{Statement: aws.String("DELETE FROM carts WHERE pk = ?")},
		{Statement: aws.String("SELECT * FROM carts WHERE pk = ?")},
	}})
	db.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{Statements: []types.BatchStatementRequest{
		{Statement: aws.String("SELECT * FROM carts WHERE pk = ?")},
	}})
	db.ExecuteTransaction(ctx, &dynamodb.ExecuteTransactionInput{TransactStatements: []types.ParameterizedStatement{
		{Statement: aws.String("UPDATE carts SET a = ? WHERE pk = ? AND version = ?")},
	}})
	db.ExecuteTransaction(ctx, &dynamodb.ExecuteTransactionInput{TransactStatements: []types.ParameterizedStatement{ // want `ExecuteTransaction is not guarded by the item's version: TransactStatements\[0\] runs "UPDATE carts SET a = \? WHERE pk = \?"`
		{Statement: aws.String("UPDATE carts SET a = ? WHERE pk = ?")},
	}})
}
