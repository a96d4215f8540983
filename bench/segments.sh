#!/usr/bin/env bash
# miglint run --segments over ITEMS items in dynalite, with 1 (no
# --segments), 2 and 4 segments: wall time, migration time, items per
# second, and dynalite's CPU time (it is one Node.js thread).
#
#   bench/segments.sh [ITEMS] [REPS]
#
# Defaults: 20000 items, 2 runs of each. Needs dynalite (./test.sh or
# npm ci --no-audit --no-fund installs it) and the module cache that
# building miglint fills (go mod tidy runs offline).
set -euo pipefail
cd "$(dirname "$0")/.."
items=${1:-20000}
reps=${2:-2}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/" ./cmd/...  # miglint and the miglint-aws it starts for run
(cd bench && go build -o "$bin/segments" ./segments)
"$bin/segments" -items "$items" -reps "$reps" -miglint "$bin/miglint"
