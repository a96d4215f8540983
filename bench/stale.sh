#!/usr/bin/env bash
# Times "miglint stale" over a generated module of N migrations (default
# 10,000): the twice-a-year clean-up must stay instant on an old repository.
# Prints each run and the median wall time. Usage: bench/stale.sh [N] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

go build -o "$work/miglint" ./cmd/miglint
(cd bench && go run ./gen -n "$n" -o "$work/shop" -sample ../testdata/sample) >/dev/null
cd "$work/shop"
export MIGLINT_NOW=2026-11-21
"$work/miglint" stale >/dev/null # warm the page cache: we time miglint, not the disk
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$work/miglint" stale >/dev/null
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")
done
echo "miglint stale over $n migrations, $runs runs (ms): ${times[*]}"
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median: %d ms\n", a[int((NR+1)/2)]}'
"$work/miglint" stale | tail -1
