// Package mainfunc defines an Analyzer that checks that every migration is
// a program with something to run.
//
// # Analyzer mainfunc
//
// mainfunc: check that a migration is a package main with a non-empty func main
//
// A migration is run as a program (miglint run builds it with go build),
// so its package must be named main and declare func main, and main must
// do something: an empty main means the migration silently changes
// nothing, and a run of it would be recorded as a success.
package mainfunc
