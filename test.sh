#!/usr/bin/env bash
# Runs every test of miglint. Needs Go (the version in go.mod), git, Node and
# npm, the Go module proxy and the npm registry: the tests build the binary
# and lint testdata/sample, whose aws-sdk-go-v2 dependencies go downloads on
# first use, and miglint run's tests talk to dynalite, a DynamoDB-compatible
# server that npm installs from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"

go version
node --version
# dynalite, pinned in package-lock.json, into node_modules/.
npm ci --no-audit --no-fund
# The sample module is a separate module under testdata/: fetch its
# dependencies up front so a network problem shows here, not mid-test.
(cd testdata/sample && go mod download)
# golangci-lint, pinned, for the plugin's end-to-end test (golangci/):
# installed once into a cache directory, not onto PATH. The test builds
# its custom golangci-lint there too, and keeps it while this module's
# sources stay the same. (Not MIGLINT_ variables: miglint run passes
# those on to a migration, and its tests check that nothing else is.)
golangci_version=v2.15.0
tools=${XDG_CACHE_HOME:-$HOME/.cache}/miglint-tools
if [ ! -x "$tools/golangci-lint-$golangci_version/golangci-lint" ]; then
	GOBIN="$tools/golangci-lint-$golangci_version" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$golangci_version"
fi
export E2E_GOLANGCI_LINT="$tools/golangci-lint-$golangci_version/golangci-lint" E2E_CACHE="$tools"
go test -count=1 -timeout 30m ./...  # cmd/miglint runs the real binary many times
