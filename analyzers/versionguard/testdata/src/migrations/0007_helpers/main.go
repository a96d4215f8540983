// Helpers that write: in another package (through facts) and in this one
// (where the caller's check guards them).
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"example.com/dbmodel"
	"example.com/shop"
)

const target = 3

func main() {
	ctx := context.Background()
	store := &dbmodel.Store{DB: dynamodb.New(dynamodb.Options{})}
	var items []dbmodel.Item

	for _, item := range items {
		// Put conditions on the version itself; Upgrade checks it.
		store.Put(ctx, "carts", item, dbmodel.Version(item))
		store.Upgrade(ctx, "carts", item, target)
		store.Get(ctx, "carts", item)

		store.Touch(ctx, "carts", item)                                       // want `^call of dbmodel\.\(\*Store\)\.Touch: UpdateItem at dbmodel/dbmodel\.go:46 has no condition on "version"; check first: if item\.Version >= target \{ continue \}$`
		store.Archive(ctx, "carts", item)                                     // want `^call of dbmodel\.\(\*Store\)\.Archive: DeleteItem at dbmodel/dbmodel\.go:70 has no condition on "version";`
		store.Do(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts")}) // want `^Do \(PutItem\) is unguarded: it has no condition on "version";`

		// shop imports dbmodel; this package sees dbmodel's write through
		// shop's fact.
		shop.Refresh(ctx, store, shop.Cart{Key: item}) // want `^call of shop\.Refresh: UpdateItem at dbmodel/dbmodel\.go:46 has no condition on "version";`
		shop.RefreshOld(ctx, store, shop.Cart{Key: item})

		if dbmodel.Version(item) < target {
			store.Touch(ctx, "carts", item)
			shop.Refresh(ctx, store, shop.Cart{Key: item})
			touchAll(ctx, store, item)
		}
	}
	migrate(ctx, store, items)
	touchAll(ctx, store, nil) // want `^call of touchAll: UpdateItem at dbmodel/dbmodel\.go:46 has no condition on "version";`
	archive(ctx, store)
	store.Transfer(ctx, nil, nil) // want `^call of dbmodel\.\(\*Store\)\.Transfer: TransactWriteItems at dbmodel/dbmodel\.go:108 takes an input miglint cannot follow; check first: if item\.Version >= target \{ return \}$`
	go touchAll(ctx, store, nil)  // want `^call of touchAll: UpdateItem at dbmodel/dbmodel\.go:46 has no condition on "version";`
	for _, job := range []func(context.Context, *dbmodel.Store){worker} {
		job(ctx, store)
	}
	worker(ctx, store) // reported once, in worker, which runs on its own too
}

// touchAll is only called from this package, by some calls after a check
// and by others without: the unguarded calls are reported.
func touchAll(ctx context.Context, store *dbmodel.Store, item dbmodel.Item) {
	store.Touch(ctx, "carts", item)
}

// migrate checks the version itself.
func migrate(ctx context.Context, store *dbmodel.Store, items []dbmodel.Item) {
	for _, item := range items {
		if v := dbmodel.Version(item); v >= target {
			continue
		}
		store.Touch(ctx, "carts", item)
	}
}

// archive is never called after a check: its write is reported once, in
// it, where the fix goes.
func archive(ctx context.Context, store *dbmodel.Store) {
	store.DB.DeleteItem(ctx, &dynamodb.DeleteItemInput{TableName: aws.String("carts")}) // want `^DeleteItem is unguarded: it has no condition on "version"; add a "version" condition or check first: if item\.Version >= target \{ return \}$`
}

// worker is used as a value: it may run anywhere, so it is checked on its
// own.
func worker(ctx context.Context, store *dbmodel.Store) {
	store.Touch(ctx, "carts", nil) // want `call of dbmodel\.\(\*Store\)\.Touch: UpdateItem at dbmodel/dbmodel\.go:46 has no condition on "version"`
}
