// A write through an interface of the application, whose methods take no
// SDK input: it writes when an implementation that the migration can see
// writes.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"example.com/model"
	"example.com/repo"
)

// saver is the migration's own view of the store.
type saver interface {
	Save(ctx context.Context, c model.Cart) error
}

// reader has no implementation that writes.
type reader interface {
	Load(ctx context.Context, pk string) (model.Cart, error)
}

func main() {
	ctx := context.Background()
	var store repo.CartStore = &repo.Dynamo{DB: dynamodb.New(dynamodb.Options{})}
	var ledger repo.Ledger = &repo.Dynamo{}
	var s saver = &repo.Dynamo{}
	var r reader
	var carts []model.Cart

	for _, c := range carts {
		store.Save(ctx, c) // want `^call of repo\.CartStore\.Save: repo\.\(\*Dynamo\)\.Save's PutItem at repo/repo\.go:27 has no condition on "version"; check first: if item\.Version >= target \{ continue \}$`
		ledger.Append(ctx, c)
		s.Save(ctx, c) // want `^call of saver\.Save: repo\.\(\*Dynamo\)\.Save's PutItem at repo/repo\.go:27 has no condition on "version";`
		r.Load(ctx, c.PK)
		if c.UpToDate() {
			continue
		}
		store.Save(ctx, c)
	}
}
