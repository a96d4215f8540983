// Backfill the total of every cart from its lines.
//
// Execution Time:    pending
// Finalization Time: pending
package fixtax // want `migration is package fixtax; a migration is a program: write "package main"`

func Run() {}
