// PartiQL: an UPDATE or DELETE needs the version in its WHERE clause; a
// SELECT is a read; an INSERT fails on an existing key, so a re-run cannot
// overwrite with it: no write to guard. A batch is judged per statement.
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
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`UPDATE carts SET total = ? WHERE pk = ?`)}) // want `^ExecuteStatement is unguarded: "UPDATE carts SET total = \? WH\.\.\." lacks "version" in WHERE;`
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`DELETE FROM "carts" WHERE pk = ? AND "version" = ?`)})
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`UPDATE carts SET version = ? WHERE pk = ?`)}) // want `ExecuteStatement is unguarded: "UPDATE carts SET version = \? \.\.\." lacks "version" in WHERE`
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`SELECT * FROM "carts" WHERE pk = ?`)})
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`DELETE FROM "carts" WHERE pk=?`)}) // want "^ExecuteStatement is unguarded: `DELETE FROM \"carts\" WHERE pk=\\?` lacks \"version\" in WHERE;"
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`INSERT INTO "carts" VALUE {'pk': ?, 'version': 1}`)})

	// Partly known: the verb and WHERE clause are what count.
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String("UPDATE " + table() + " SET total = ? WHERE pk = ? AND version = ?")})
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String("DELETE FROM " + table() + " WHERE pk = ?")}) // want `ExecuteStatement is unguarded: "DELETE FROM … WHERE pk = \?" lacks "version" in WHERE`
	db.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(table())})                                    // want `ExecuteStatement is unguarded: it runs a statement computed at run time`

	db.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{Statements: []types.BatchStatementRequest{ // want `BatchExecuteStatement is unguarded: Statements\[1\] "DELETE FROM carts WHERE pk = \?" lacks "version" in WHERE`
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

	// INSERTs mixed with UPDATEs: only the UPDATE without the version counts.
	db.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{Statements: []types.BatchStatementRequest{
		{Statement: aws.String(`INSERT INTO "carts" VALUE {'pk': ?, 'version': 1}`)},
		{Statement: aws.String("UPDATE carts SET a = ? WHERE pk = ? AND version = ?")},
	}})
	db.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{Statements: []types.BatchStatementRequest{ // want `^BatchExecuteStatement is unguarded: Statements\[2\] "UPDATE carts SET a = \? WHERE \.\.\." lacks "version" in WHERE;`
		{Statement: aws.String(`INSERT INTO "carts" VALUE {'pk': ?, 'version': 1}`)},
		{Statement: aws.String("UPDATE carts SET a = ? WHERE pk = ? AND version = ?")},
		{Statement: aws.String("UPDATE carts SET a = ? WHERE pk = ?")},
	}})
	db.ExecuteTransaction(ctx, &dynamodb.ExecuteTransactionInput{TransactStatements: []types.ParameterizedStatement{
		{Statement: aws.String(`INSERT INTO "carts" VALUE {'pk': ?, 'version': 1}`)},
		{Statement: aws.String(`INSERT INTO "orders" VALUE {'pk': ?, 'version': 1}`)},
	}})
	db.ExecuteTransaction(ctx, &dynamodb.ExecuteTransactionInput{TransactStatements: []types.ParameterizedStatement{ // want `ExecuteTransaction is unguarded: TransactStatements\[0\] "UPDATE carts SET a = \? WHERE \.\.\." lacks "version" in WHERE`
		{Statement: aws.String("UPDATE carts SET a = ? WHERE pk = ?")},
	}})
}
