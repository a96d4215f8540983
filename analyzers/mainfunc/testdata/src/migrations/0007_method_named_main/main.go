// Backfill the total of every cart from its lines.
//
// Execution Time:    pending
// Finalization Time: pending
package main // want `migration has no func main`

type job struct{}

func (job) main() { println("not the entry point") }
