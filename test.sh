#!/usr/bin/env bash
# Runs every test of miglint. Needs Go (the version in go.mod), Node and
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
go test -count=1 -timeout 30m ./...  # cmd/miglint runs the real binary many times
