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
	store.Save("carts", nil) // want `^store\.Save is not guarded by the item's version: it is a write \(\[versionguard\]\.writers lists it\), and no comparison of "rev" or "SchemaVersion" comes before it; .* Fix: compare the item's version before the write \(if item\.Rev >= target \{ continue \}\), or call a writer that puts a condition on "rev" or "SchemaVersion"$`
	repo.Write("k")          // want `^store\.Repo\.Write is not guarded`
	(&repo).Flush()          // want `^store\.\(\*Repo\)\.Flush is not guarded`
	store.Store(nil)         // want `^call of store\.Store is not guarded by the item's version: it performs store\.Save at custom/store/store\.go:\d+, where it is a write \(\[versionguard\]\.writers lists it\)`
	store.StoreNewer(nil, 1)

	for _, car := range cars {
		if car.SchemaVersion < 2 {
			store.Save("carts", nil)
			repo.Write("k")
		}
		if car.Version < 2 {
			store.Save("carts", nil) // want `^store\.Save is not guarded`
		}
	}

	// The attribute is "rev" here: a condition on "version" guards nothing.
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("version = :v")}) // want `"version = :v", which does not name "rev" or "SchemaVersion"`
	db.PutItem(ctx, &dynamodb.PutItemInput{ConditionExpression: aws.String("#r = :r"), ExpressionAttributeNames: map[string]string{"#r": "REV"}})

	// dbmodel guards on "version": its facts record the name, and this
	// package's configuration decides that it is no version here.
	s := &dbmodel.Store{DB: db}
	s.Put(ctx, "carts", nil, 1) // want `^call of dbmodel\.\(\*Store\)\.Put is not guarded by the item's version: it performs PutItem at example\.com/dbmodel/dbmodel\.go:\d+, where it has the condition "attribute_not_exists\(#v\) OR #v = :expected", which does not name "rev" or "SchemaVersion"`
}
