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

// Current is the version this season's migrations bring carts to.
const Current = 3

// UpToDate reports whether the cart is already at the current version: a
// migration that skips such carts writes each cart once.
func (c Cart) UpToDate() bool {
	return c.Version >= Current
}

// Empty reports whether the cart has no key. It says nothing of the
// version.
func (c Cart) Empty() bool {
	return len(c.Key) == 0
}
