// Package pagination defines an Analyzer that reports DynamoDB reads in a
// migration that stop at the first page.
//
// # Analyzer pagination
//
// pagination: report a Scan or Query that reads only the first page
//
// DynamoDB returns a Scan or a Query one page at a time: at most 1 MB,
// then LastEvaluatedKey says where the next page starts. A migration that
// reads one page changes the first few thousand items and silently skips
// the rest, and its run is recorded as a success.
//
// A read is a call that takes a *dynamodb.ScanInput or *dynamodb.QueryInput,
// whatever the callee is: the client, an interface, a wrapper. It reads
// every page when it stands in a loop that reads the output's
// LastEvaluatedKey and feeds it on: sets an input's ExclusiveStartKey, or
// keeps the key (assigns, passes or returns it) for the next input:
//
//	for {
//		out, err := client.Scan(ctx, in)
//		...
//		if len(out.LastEvaluatedKey) == 0 {
//			break
//		}
//		in.ExclusiveStartKey = out.LastEvaluatedKey
//	}
//
// A function that sets the ExclusiveStartKey of the very input it reads
// with from a LastEvaluatedKey pages too, without a loop: an iterator's
// Next that keeps the input between calls, or a function that calls
// itself with the next key.
//
// A paginator (dynamodb.NewScanPaginator, NewQueryPaginator) reads every
// page when each call of its NextPage stands in a loop on its
// HasMorePages:
//
//	for p.HasMorePages() {
//		page, err := p.NextPage(ctx)
//		...
//	}
//
// A scan with Select set to COUNT is no exception: its Count is the count
// of one page. A parallel scan (Segment and TotalSegments) must paginate
// each segment like any other scan, and must set both fields: one without
// the other is an error at run time.
//
// Not reported: a read whose input sets Limit (a bounded read the author
// asked for); a paginator handed to other code, which miglint cannot
// follow; and the call of a helper that pages through the input it is
// given. A helper, in this package or any package it imports, that reads
// one page itself makes each call of it a finding that names the helper
// and the file:line of its read (through analysis facts, so under go vet
// too). Facts are computed for every package of the main module; only
// migrations are reported.
//
// A "//miglint:ignore pagination -- reason" comment on the line of the
// finding or the line above silences it; the reason is required, and a
// directive that silences nothing is reported.
package pagination
