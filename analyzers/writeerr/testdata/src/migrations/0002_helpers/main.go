// Helpers of another package, known through their facts.
package main

import (
	"context"
	"log"

	"example.com/dbmodel"
)

func main() {
	ctx := context.Background()
	s := &dbmodel.Store{}

	s.Touch(ctx, "carts")      // want `^error of dbmodel.\(\*Store\).Touch \(UpdateItem at example.com/dbmodel/dbmodel.go:\d+\) is discarded \(the call is a statement\)`
	_ = dbmodel.Sync(ctx, s)   // want `^error of dbmodel.Sync \(UpdateItem at example.com/dbmodel/dbmodel.go:\d+\) is assigned to _`
	defer dbmodel.Sync(ctx, s) // want `^error of dbmodel.Sync .* is discarded \(called in a defer statement\)`

	// Clean twins.
	if err := s.Touch(ctx, "carts"); err != nil {
		log.Fatal(err)
	}
	s.Get(ctx) // a read
	s.Log(ctx) // no error to check
}
