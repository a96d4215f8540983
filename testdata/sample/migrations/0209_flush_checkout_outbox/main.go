// Send the checkout events that were queued while the carts table was
// being migrated.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"
	"os"

	"example.com/shop/dbmodel/outbox"
)

func main() {
	if err := outbox.Flush(context.Background(), os.Args[1:]); err != nil {
		log.Fatal(err)
	}
}
