// Rule 3: //miglint:ignore versionguard -- reason.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func main() {
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{})

	//miglint:ignore versionguard -- the table is created by this migration; nothing else writes it
	db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("new_table")})

	db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("new_table")}) //miglint:ignore versionguard -- same table, same reason

	//miglint:ignore versionguard // want `^//miglint:ignore versionguard needs a reason: write "//miglint:ignore versionguard -- why repeating this write is safe"; without one it silences nothing$`
	db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")}) // want `^PutItem is unguarded: it has no condition on "version";`

	//miglint:ignore versionguard because // want `needs a reason`
	db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")}) // want `^PutItem is unguarded: it has no condition on "version";`

	//miglint:ignore versionguard -- nothing to silence: the write is guarded // want `^//miglint:ignore versionguard silences nothing: no unguarded write is on this line or the next; remove it$`
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("version = :v")})

	//miglint:ignore versionguard -- nothing here at all // want `silences nothing`

	//miglint:ignore header -- another analyzer's business
	db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")}) // want `^PutItem is unguarded: it has no condition on "version";`

	//miglint:ignore header,versionguard -- both
	db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("new_table")})

	// On the call of a helper.
	//miglint:ignore versionguard -- archive only touches rows this migration wrote
	archive(ctx, db)
	archive(ctx, db) // want `^call of archive: DeleteItem at main\.go:44 has no condition on "version";`
}

func archive(ctx context.Context, db *dynamodb.Client) {
	db.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("new_table")})
}
