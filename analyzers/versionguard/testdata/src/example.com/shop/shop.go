// Package shop uses dbmodel without importing the SDK: a migration that
// imports shop only sees shop's facts, so shop's must carry dbmodel's
// writes (vet's separate analysis).
package shop

import (
	"context"

	"example.com/dbmodel"
)

type Cart struct {
	Key     dbmodel.Item
	Version int
}

// Refresh writes through dbmodel without a guard.
func Refresh(ctx context.Context, s *dbmodel.Store, c Cart) error { // want Refresh:`writes UpdateItem at example.com/dbmodel/dbmodel.go:\d+ via dbmodel.\(\*Store\).Touch$`
	return s.Touch(ctx, "carts", c.Key)
}

// RefreshOld guards the same call with the cart's version.
func RefreshOld(ctx context.Context, s *dbmodel.Store, c Cart) error { // want RefreshOld:`writes UpdateItem at example.com/dbmodel/dbmodel.go:\d+ via dbmodel.\(\*Store\).Touch \[Version\]`
	if c.Version >= 3 {
		return nil
	}
	return s.Touch(ctx, "carts", c.Key)
}
