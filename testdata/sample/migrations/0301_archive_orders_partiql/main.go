// Copy every closed order into the archive table with PartiQL, and mark
// the order archived.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	orders, err := store.Scan(ctx, "orders")
	if err != nil {
		log.Fatal(err)
	}
	for _, order := range orders {
		params := []types.AttributeValue{order["pk"], order["version"]}
		// An INSERT on an existing key fails: a second run cannot overwrite
		// the archived copy.
		if _, err := store.DB.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{
			Statement:  aws.String(`INSERT INTO "order_archive" VALUE {'pk': ?, 'version': ?}`),
			Parameters: params,
		}); err != nil {
			log.Fatal(err)
		}
		// Judged statement by statement: the UPDATE does not check the
		// version, so a second run marks orders changed since.
		out, err := store.DB.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{Statements: []types.BatchStatementRequest{
			{Statement: aws.String(`INSERT INTO "order_archive" VALUE {'pk': ?, 'version': ?}`), Parameters: params},
			{Statement: aws.String(`UPDATE "orders" SET archived = true WHERE pk = ?`), Parameters: params[:1]},
		}})
		if err != nil {
			log.Fatal(err)
		}
		for _, r := range out.Responses {
			if r.Error != nil {
				log.Fatalf("%s: %s", r.Error.Code, aws.ToString(r.Error.Message))
			}
		}
	}
}
