// Package bodies defines the Analyzer by which an analyzer declares that
// it reads the function bodies of its dependencies, the standard library
// and the AWS SDK included, or the values their package variables are
// initialised with: an analyzer that lists it in Requires gets them in
// miglint's standalone checker, which otherwise loads those packages
// without bodies or table elements because no analyzer reads them (see
// package checker). Requiring buildssa or ctrlflow says the same by
// itself.
package bodies

import "golang.org/x/tools/go/analysis"

// Analyzer does nothing; requiring it is the declaration.
var Analyzer = &analysis.Analyzer{
	Name: "dependencybodies",
	Doc:  "declare that an analyzer reads the function bodies of dependencies (the standalone checker then loads them)",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}
