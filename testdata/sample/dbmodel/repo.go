package dbmodel

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// CartRepo is how the checkout service saves carts; its methods name no
// DynamoDB type.
type CartRepo interface {
	Save(ctx context.Context, item Item) error
}

// Ledger records a cart's history.
type Ledger interface {
	Record(ctx context.Context, item Item, expected int) error
}

// RawCarts is the CartRepo of the checkout service: it overwrites the
// cart whatever its version, as the service owns the item.
type RawCarts struct{ Store *Store }

func (r RawCarts) Save(ctx context.Context, item Item) error {
	_, err := r.Store.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("carts"), Item: item})
	return err
}

// History is the Ledger: it writes each entry as the next version.
type History struct{ Store *Store }

func (h History) Record(ctx context.Context, item Item, expected int) error {
	return h.Store.Put(ctx, "cart_history", item, expected)
}

// Transfer moves an item between tables in one transaction, built by a
// function that also validates it.
func (s *Store) Transfer(ctx context.Context, from, to string, item Item) error {
	in, err := transferInput(from, to, item)
	if err != nil {
		return err
	}
	_, err = s.DB.TransactWriteItems(ctx, in)
	return err
}
