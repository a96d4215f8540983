#!/usr/bin/env bash
# miglint against the type-checking floor and against golangci-lint's
# depguard, on a generated module of N migrations (default 1,000):
#
#   a  go vet -vettool=noop ./...       the floor: go vet parses and
#                                       type-checks every package anyway
#   b  go vet -vettool=miglint ./...    every miglint analyzer
#   c  miglint ./...                    the standalone checker
#   d  golangci-lint run (depguard alone, the equivalent deny rule and
#      per-file exceptions)
#
# The build cache is warm (one untimed run of everything first); analysis
# results are never reused: each go vet run gets a fresh MIGLINT_NOW, which
# both vet tools fold into the build ID they report to go vet (-V=full), so
# go vet's cache misses for every package, dependencies included; each
# golangci-lint run gets an empty GOLANGCI_LINT_CACHE. The four commands run
# in turn, RUNS times; the script prints every time, the medians of wall
# and CPU time (user plus system, every process of the command counted),
# the ratios b/a (of the medians, of each run's own pair, and of CPU time),
# c/b and c/d, the peak memory of c, and then times "miglint stale" at
# 10,000 migrations.
#
# Usage: bench/run.sh [N [RUNS]]   (one command from a fresh clone; it
# installs golangci-lint GOLANGCI_VERSION with go install into a cache)
set -euo pipefail

n=${1:-1000}
runs=${2:-5}
golangci_version=${GOLANGCI_VERSION:-v2.15.0}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tools=${XDG_CACHE_HOME:-$HOME/.cache}/miglint-bench/golangci-lint-$golangci_version

cd "$root"
go build -o "$work/bin/miglint" ./cmd/miglint
(cd bench && go build -o "$work/bin/noop" ./noop)
(cd bench && go build -o "$work/bin/measure" ./measure)
if [ ! -x "$tools/golangci-lint" ]; then
	echo "installing golangci-lint $golangci_version (once) ..." >&2
	GOBIN=$tools go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$golangci_version"
fi
(cd bench && go run ./gen -n "$n" -o "$work/shop" -sample ../testdata/sample) >&2

# depguard's equivalent of the generated importrules.toml: the same deny
# and allow, applied to the migrations, minus the excepted files.
{
	echo 'version: "2"'
	echo 'run: {tests: false}'
	echo 'linters:'
	echo '  default: none'
	echo '  enable: [depguard]'
	echo '  settings:'
	echo '    depguard:'
	echo '      rules:'
	echo '        raw-dynamodb:'
	echo '          list-mode: lax'
	echo '          files:'
	echo '            - "**/migrations/**"'
	sed -n 's/^file = "\(.*\)"$/            - "!**\/\1"/p' "$work/shop/importrules.toml"
	echo '          allow: [github.com/aws/aws-sdk-go-v2/service/dynamodb/types]'
	echo '          deny:'
	echo '            - pkg: github.com/aws/aws-sdk-go-v2/service/dynamodb'
	echo '              desc: write through example.com/shop/dbmodel'
} > "$work/golangci.yml"

cd "$work/shop"
export GOFLAGS=-mod=mod GOWORK=off
stamp=$(date -u +%s)
# next_stamp must run in this shell, not in the subshell that reads a run's
# figures: the counter has to advance, or runs would share their caches.
next_stamp() { stamp=$((stamp + 1)); }
run() { # run NAME COMMAND...: one timed run with fresh caches for analysis
	MIGLINT_NOW=$(date -u -d "@$stamp" +%Y-%m-%dT%H:%M:%SZ) \
		GOLANGCI_LINT_CACHE="$work/gcl-cache-$stamp" \
		"$work/bin/measure" -- "${@:2}"
}
cmd_a=(go vet -vettool="$work/bin/noop" ./...)
cmd_b=(go vet -vettool="$work/bin/miglint" ./...)
cmd_c=("$work/bin/miglint" ./...)
cmd_d=("$tools/golangci-lint" run --config "$work/golangci.yml" ./...)

echo "warming the build cache ..." >&2
for c in a b c d; do next_stamp; eval "run $c \"\${cmd_$c[@]}\"" >/dev/null; done

declare -A times cpus peak
ratios_ba=
for i in $(seq "$runs"); do
	for c in a b c d; do
		next_stamp
		read -r wall mem code cpu < <(eval "run $c \"\${cmd_$c[@]}\"")
		echo "run $i $c: ${wall}s ${mem}MiB exit $code, CPU ${cpu}s" >&2
		times[$c]+="$wall "
		cpus[$c]+="$cpu "
		[ "$c" = a ] && wall_a=$wall
		[ "$c" = b ] && ratios_ba+="$(awk -v a="$wall_a" -v b="$wall" 'BEGIN {printf "%.3f", b / a}') "
		[ "$c" = c ] && peak[$i]=$mem
	done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ma=$(echo "${times[a]}" | median); mb=$(echo "${times[b]}" | median)
mc=$(echo "${times[c]}" | median); md=$(echo "${times[d]}" | median)
peak_c=$(printf '%s\n' "${peak[@]}" | sort -g | tail -1)
ca=$(echo "${cpus[a]}" | median); cb=$(echo "${cpus[b]}" | median)
rba=$(echo "$ratios_ba" | median)

echo
echo "N=$n migrations, $runs runs each, medians (s); machine: $(nproc) cores, $(go version | cut -d' ' -f3)"
echo
echo "| command | runs, wall (s) | median wall (s) | median CPU, user+sys of all processes (s) |"
echo "| --- | --- | --- | --- |"
echo "| a: go vet -vettool=noop | ${times[a]}| $ma | $ca |"
echo "| b: go vet -vettool=miglint | ${times[b]}| $mb | $cb |"
echo "| c: miglint ./... | ${times[c]}| $mc | $(echo "${cpus[c]}" | median) |"
echo "| d: golangci-lint $golangci_version, depguard alone | ${times[d]}| $md | $(echo "${cpus[d]}" | median) |"
echo
echo "b/a of each run (b ran right after a): $ratios_ba"
awk -v a="$ma" -v b="$mb" -v c="$mc" -v d="$md" -v p="$peak_c" -v ca="$ca" -v cb="$cb" -v r="$rba" 'BEGIN {
	printf "b/a = %.2f (target <= 1.10); median of the runs\x27 own ratios %.2f; on CPU time %.2f\n", b / a, r, cb / ca
	printf "c/b = %.2f (target <= 1.0)\n", c / b
	printf "c/d = %.2f (target < 1.0)\n", c / d
	printf "peak RSS of c = %.0f MiB (target <= 1536 MiB)\n", p
}'
echo
cd "$root"
bench/stale.sh 10000 5 | tail -2
