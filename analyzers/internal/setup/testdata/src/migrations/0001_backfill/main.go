// Backfill the totals of every cart.
//
// Execution Time:    pending
// Finalization Time: pending
package main // want `migration 0001_backfill, retention 6 months`

func main() { run() }
