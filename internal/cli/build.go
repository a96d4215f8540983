package cli

import (
	"runtime/debug"
)

// ModuleVersion is the version of the miglint module this binary was
// built from: a tag for go install ...@vX, "(devel)" for a local build.
func ModuleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// BuildEnv is the variable through which miglint tells miglint-aws which
// build it is, so that a miglint-aws left over from another version
// refuses instead of linting and running by other rules.
const BuildEnv = "MIGLINT_BUILD"

// Build names this binary's build: its module version, and the commit
// it was built from when the go command recorded one (a clone's go
// install), "+dirty" when that commit had local changes.
func Build() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	id := bi.Main.Version
	var revision, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if revision != "" {
		id += " " + revision
		if modified == "true" {
			id += "+dirty"
		}
	}
	return id
}
