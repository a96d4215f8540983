// Package carts holds the cart helpers of the checkout team, on top of
// dbmodel.
package carts

import (
	"context"

	"example.com/shop/dbmodel"
)

// Table is the carts table.
const Table = "carts"

// Cart is one cart: its key and its version.
type Cart struct {
	Key     dbmodel.Item
	Version int
}

// Open connects to DynamoDB.
func Open(ctx context.Context) (*dbmodel.Store, error) {
	return dbmodel.Open(ctx)
}

// Load returns every cart.
func Load(ctx context.Context, s *dbmodel.Store) ([]Cart, error) {
	items, err := s.Scan(ctx, Table)
	if err != nil {
		return nil, err
	}
	carts := make([]Cart, 0, len(items))
	for _, item := range items {
		carts = append(carts, Cart{Key: dbmodel.Item{"pk": item["pk"]}, Version: dbmodel.Version(item)})
	}
	return carts, nil
}

// Stamp marks the cart as seen by the current checkout. It checks no
// version.
func Stamp(ctx context.Context, s *dbmodel.Store, c Cart) error {
	return s.Touch(ctx, Table, c.Key)
}
