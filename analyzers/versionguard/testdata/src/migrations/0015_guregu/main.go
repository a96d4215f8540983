// github.com/guregu/dynamo/v2: a Put, Update or Delete is guarded by its
// own If naming the version ('version', or $ with the name as argument);
// each member of a WriteTx needs its own, and is reported at the call
// that adds it.
package main

import (
	"context"

	"github.com/guregu/dynamo/v2"

	"example.com/dyncarts"
)

type Cart struct {
	PK      string
	Version int `dynamo:"version"`
}

func main() {
	ctx := context.Background()
	db := dynamo.New()
	carts := db.Table("carts")
	var c Cart

	carts.Put(c).If("'version' < ?", 3).Run(ctx)
	carts.Update("pk", c.PK).Set("total", 1).If("$ < ?", "version", 3).Run(ctx)
	carts.Delete("pk", c.PK).If("attribute_not_exists('version')").Run(ctx)
	carts.Put(c).Run(ctx)                                     // want `^Run \(Put\) is unguarded: it has no If on "version"; add \.If\("'version' = \?", v\) or check first: if item\.Version >= target \{ return \}$`
	carts.Put(c).If("attribute_not_exists(pk)").Run(ctx)      // want `^Run \(Put\) is unguarded: it has If "attribute_not_exists\(pk\)", not on "version";`
	carts.Update("pk", c.PK).Set("version", 4).Value(ctx, &c) // want `^Value \(Update\) is unguarded: it has no If on "version";`

	// A builder kept in a variable, its If called on its own line.
	p := carts.Put(c)
	p.If("'version' = ?", 2)
	p.OldValue(ctx, &c)

	// A transaction: every member has If, or the member without one is the finding.
	db.WriteTx().Put(carts.Put(c).If("'version' = ?", 2)).Delete(carts.Delete("pk", "a").If("$ = ?", "version", 1)).Run(ctx)
	db.WriteTx().
		Put(carts.Put(c).If("'version' = ?", 2)).
		Update(carts.Update("pk", "b").Set("a", 1)). // want `^WriteTx\.Update is unguarded: the Update it adds has no If on "version";`
		Run(ctx)
	tx := db.WriteTx()
	tx.Put(p)
	tx.Delete(carts.Delete("pk", "c")) // want `^WriteTx\.Delete is unguarded`
	tx.Run(ctx)

	// A builder made in another package: its If calls are out of sight,
	// unless the migration adds its own.
	db.WriteTx().Update(dyncarts.Stamp(carts, c.PK)).Run(ctx) // want `^WriteTx\.Update is unguarded: the Update it adds is built where miglint cannot follow it;`
	db.WriteTx().Update(dyncarts.Stamp(carts, c.PK).If("'version' = ?", 1)).Run(ctx)
	dyncarts.Stamp(carts, c.PK).Run(ctx) // want `^Run \(Update\) is unguarded: it is built where miglint cannot follow it;`

	// A version check before it guards it as well.
	for _, c := range []Cart{c} {
		if c.Version >= 3 {
			continue
		}
		carts.Put(c).Run(ctx)
		carts.Batch("pk").Write().Put(c).Run(ctx)
	}
	carts.Batch("pk").Write().Put(c).Run(ctx) // want `^BatchWriteItem is unguarded: it cannot carry a condition; check first`
}
