#!/usr/bin/env bash
# What the run ledger adds to `miglint run`, against dynalite.
#
#   bench/ledger_overhead.sh [N] [STARTS]
#
# 1. BenchmarkRunLedger in package ledger, N iterations (default 50) of
#    each sub-benchmark, against two dynalite instances (dev and prod; the
#    prod ledger through AWS_ENDPOINT_URL_DYNAMODB and the AWS
#    configuration, as a user's): "whole" is every ledger call a prod run
#    waits for (open both ledgers, look up the dry run, take the lock and
#    record the start, record the end); the others are its parts. The
#    heartbeat runs beside the migration and is shown for its cost alone.
# 2. What linking the AWS SDK costs each process: the time of STARTS
#    (default 300) starts of `miglint version` (which links no SDK, as go
#    vet starts it once per package) and of `miglint-aws`, which does, built
#    as `go install` builds it (cgo on, as net links it) and with
#    CGO_ENABLED=0.
#
# Needs dynalite (./test.sh or npm ci --no-audit --no-fund installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-50}
starts=${2:-300}
[ -x node_modules/.bin/dynalite ] || { echo "dynalite is not installed; run ./test.sh (or npm ci --no-audit --no-fund) first" >&2; exit 2; }

echo "machine: $(nproc) cores, $(go version | cut -d' ' -f3-4), load average$(uptime | sed 's/.*load average//')"
go test -run '^$' -bench BenchmarkRunLedger -benchtime="${n}x" ./ledger | grep -E '^Benchmark'

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/miglint" ./cmd/miglint
go build -o "$work/miglint-aws-cgo" ./cmd/miglint-aws
CGO_ENABLED=0 go build -o "$work/miglint-aws-static" ./cmd/miglint-aws
starts_of() {
  local bin=$1 t0 t1
  t0=$(date +%s%N)
  for _ in $(seq "$starts"); do "$bin" version >/dev/null 2>&1 || true; done
  t1=$(date +%s%N)
  echo "scale=3; ($t1 - $t0) / $starts / 1000000" | bc
}
for round in 1 2 3; do
  m=$(starts_of "$work/miglint")
  c=$(starts_of "$work/miglint-aws-cgo")
  s=$(starts_of "$work/miglint-aws-static")
  echo "round $round: mean of $starts starts: miglint version $m ms; miglint-aws, cgo (default build) $c ms, CGO_ENABLED=0 $s ms"
done
