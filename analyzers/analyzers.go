// Package analyzers is the registry of miglint's analyzers: the one list
// that the standalone checker, the vet protocol, miglint help and miglint
// run all use.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/miglint/miglint/analyzers/forbiddenimport"
	"github.com/miglint/miglint/analyzers/header"
	"github.com/miglint/miglint/analyzers/internal/bodies"
	"github.com/miglint/miglint/analyzers/internal/setup"
	"github.com/miglint/miglint/analyzers/mainfunc"
	"github.com/miglint/miglint/analyzers/pagination"
	"github.com/miglint/miglint/analyzers/retention"
	"github.com/miglint/miglint/analyzers/unprocessed"
	"github.com/miglint/miglint/analyzers/versionguard"
	"github.com/miglint/miglint/analyzers/writeerr"
)

// All lists every analyzer, sorted by name.
var All = []*analysis.Analyzer{
	forbiddenimport.Analyzer,
	header.Analyzer,
	mainfunc.Analyzer,
	pagination.Analyzer,
	retention.Analyzer,
	unprocessed.Analyzer,
	versionguard.Analyzer,
	writeerr.Analyzer,
}

// Setup is the analyzer that every analyzer of All requires: it describes
// the package under analysis (migration, configuration, clock). Drivers
// set its flags to say how configuration is found and loaded:
// -config FILE instead of discovery, -validated when every configuration
// was validated before the run.
var Setup = setup.Analyzer

// NewRun makes the analyzers forget what an earlier run in this process
// loaded (each directory's configuration), so that a run sees the files
// as they are when it begins. The standalone checker calls it first.
func NewRun() { setup.Forget() }

// DependencyBodies is the analyzer by which an analyzer declares, by
// listing it in Requires, that it reads the function bodies of its
// dependencies (the standard library and the AWS SDK included), which the
// standalone checker otherwise loads without them.
var DependencyBodies = bodies.Analyzer
