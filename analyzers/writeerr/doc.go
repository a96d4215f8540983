// Package writeerr defines an Analyzer that reports DynamoDB writes in a
// migration whose error is discarded.
//
// # Analyzer writeerr
//
// writeerr: report a write whose error is discarded or overwritten before it is checked
//
// A write that fails unnoticed is a lost write: the migration goes on,
// ends with status 0, and its run is recorded as a success while some
// items were never changed. Throttling, a failed condition and a
// validation error all come back as the error of the call.
//
// A write is a call that takes one of the eight write inputs
// (*dynamodb.PutItemInput, UpdateItemInput, DeleteItemInput,
// BatchWriteItemInput, TransactWriteItemsInput, ExecuteStatementInput,
// BatchExecuteStatementInput, ExecuteTransactionInput), whatever the
// callee is: the client, an interface, a wrapper; or a call of a function
// that writes, in this package or any package it imports (through
// analysis facts, so under go vet too). An ExecuteStatement whose
// statement is a constant PartiQL SELECT reads, and is not a write.
//
// A write's error is discarded when the call is a statement of its own,
// is called in a go or defer statement, assigns the error to _, or
// assigns it to a variable that is assigned again before any use:
//
//	err = put(ctx, a)
//	err = put(ctx, b) // the error of the first put is lost
//	if err != nil {
//
// The last case is found on the SSA form of the migration (an error value
// with no use), so it follows every path: an error checked on one branch
// only is still used. Two uses do not count: wrapping the error and
// dropping the result (errors.Wrap(err, "put") as a statement), and a
// comparison with nil whose failing branch does nothing:
//
//	if err != nil {
//		// TODO
//	}
//	if err == nil {
//		log.Print("written")
//	} // and on failure, nothing
//
// A function that returns no error is not a write for this analyzer's
// purposes: there is nothing to check at its calls.
//
// Facts are computed for every package of the main module; only
// migrations are reported. A "//miglint:ignore writeerr -- reason"
// comment on the line of the finding or the line above silences it; the
// reason is required, and a directive that silences nothing is reported.
package writeerr
