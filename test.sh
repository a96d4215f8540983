#!/usr/bin/env bash
# Runs every test of miglint. Needs Go (the version in go.mod) and the Go
# module proxy: the tests build the binary and lint testdata/sample, whose
# aws-sdk-go-v2 dependencies go downloads on first use.
set -euo pipefail
cd "$(dirname "$0")"

go version
# The sample module is a separate module under testdata/: fetch its
# dependencies up front so a network problem shows here, not mid-test.
(cd testdata/sample && go mod download)
go test -count=1 ./...
