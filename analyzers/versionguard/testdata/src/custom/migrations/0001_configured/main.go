// [versionguard].attributes and writers from the configuration of this
// package.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"custom/store"

	"example.com/dbmodel"
)

type Car struct {
	SchemaVersion int
	Version       int
}

func main() {
	ctx := context.Background()
	db := dynamodb.New(dynamodb.Options{})
	var cars []Car
	var repo store.Repo

	// Listed writers.
	store.Save("carts", nil) // want `^store\.Save is unguarded: it is listed in \[versionguard\]\.writers; check first: if item\.Rev >= target \{ return \}$`
	repo.Write("k")          // want `^store\.Repo\.Write is unguarded: it is listed in \[versionguard\]\.writers;`
	(&repo).Flush()          // want `^store\.\(\*Repo\)\.Flush is unguarded: it is listed in \[versionguard\]\.writers;`
	store.Store(nil)         // want `^call of store\.Store: store\.Save at store/store\.go:15 is listed in \[versionguard\]\.writers;`
	store.StoreNewer(nil, 1)

	for _, car := range cars {
		if car.SchemaVersion < 2 {
			store.Save("carts", nil)
			repo.Write("k")
		}
		if car.Version < 2 {
			store.Save("carts", nil) // want `^store\.Save is unguarded: it is listed in \[versionguard\]\.writers;`
		}
	}

	// The attribute is "rev" here: a condition on "version" guards nothing.
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("version = :v")}) // want `PutItem is unguarded: it has condition "version = :v", not on "rev" or "SchemaVersion"`
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("#r = :r"), ExpressionAttributeNames: map[string]string{"#r": "REV"}})

	// dbmodel guards on "version": its facts record the name, and this
	// package's configuration decides that it is no version here.
	s := &dbmodel.Store{DB: db}
	s.Put(ctx, "carts", nil, 1) // want `^call of dbmodel\.\(\*Store\)\.Put: PutItem at dbmodel/dbmodel\.go:32 has a condition, not on "rev" or "SchemaVersion";`
}
