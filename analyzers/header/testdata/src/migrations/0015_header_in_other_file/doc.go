// This header sits in the wrong file: main.go declares main.
//
// Execution Time:    pending
// Finalization Time: pending
package main
