// Package unprocessed defines an Analyzer that reports DynamoDB batch
// calls in a migration whose unprocessed part is never looked at.
//
// # Analyzer unprocessed
//
// unprocessed: report a batch call whose unprocessed items, keys or per-statement errors are never read
//
// A batch call succeeds even when DynamoDB did only part of it: under
// throttling or when a partition is busy, BatchWriteItem returns the
// writes it did not do in UnprocessedItems and BatchGetItem the keys it
// did not read in UnprocessedKeys, with a nil error; BatchExecuteStatement
// reports each statement's failure in Responses[i].Error, also with a nil
// error. A migration that ignores them loses part of every batch without
// a trace, most often on the large tables where it matters most.
//
// Reported: a call that takes a *dynamodb.BatchWriteItemInput,
// BatchGetItemInput or BatchExecuteStatementInput (the client, an
// interface, a wrapper that returns the output) whose output is
// discarded (not assigned, assigned to _, called in go or defer), or
// whose UnprocessedItems, UnprocessedKeys or the Error of a
// BatchStatementResponse is never read in the function. Reading the field
// at all counts as handling it: retrying it, logging it, failing on it.
// An output, or its unprocessed field, handed to other code (returned,
// passed to a function, stored) counts as handled, since miglint cannot
// follow it; printing it (fmt, log) does not.
//
// A helper, in this package or any package it imports, that drops the
// unprocessed part of a batch itself makes each call of it a finding that
// names the helper and the file:line of its batch call (through analysis
// facts, so under go vet too). Facts are computed for every package of
// the main module; only migrations are reported.
//
// A "//miglint:ignore unprocessed -- reason" comment on the line of the
// finding or the line above silences it; the reason is required, and a
// directive that silences nothing is reported.
package unprocessed
