// A builder that takes its condition from the caller: the condition
// methods (If...) called on the write's receiver count.
package main

import (
	"context"

	"example.com/fluent"
)

func main() {
	ctx := context.Background()
	var t fluent.Table
	item := map[string]string{}

	t.Put(item).If("'version' = ?", 3).Run(ctx)
	t.Put(item).If("$ = ?", "version", 3).Run(ctx)
	t.Put(item).Run(ctx)                         // want `^call of fluent\.\(\*Put\)\.Run: PutItem at fluent/fluent\.go:46 has a condition computed at run time;`
	t.Put(item).Set("version", 4).Run(ctx)       // want `call of fluent\.\(\*Put\)\.Run: PutItem at fluent/fluent\.go:46 has a condition computed at run time`
	t.Put(item).If("'owner' = ?", "me").Run(ctx) // want `call of fluent\.\(\*Put\)\.Run: PutItem at fluent/fluent\.go:46 has a condition computed at run time`

	p := t.Put(item)
	p.If("attribute_not_exists(version)")
	p.Run(ctx)
}
