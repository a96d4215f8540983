// Package dyncarts builds guregu/dynamo requests for its callers to run.
package dyncarts

import "github.com/guregu/dynamo/v2"

// Stamp returns an update of the cart, without a condition.
func Stamp(t dynamo.Table, pk string) *dynamo.Update {
	return t.Update("pk", pk).Set("stamped", true)
}
