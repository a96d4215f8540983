#!/usr/bin/env bash
# Measures what forbiddenimport costs under go vet: the time of
#
#   go vet -vettool=TOOL ./...
#
# on a copy of golang.org/x/tools (the version this module requires, from
# the module cache) for three vet tools:
#
#   noop             bench/noop: no analysis, the floor (go vet still has
#                    it parse and type-check every package and dependency)
#   forbiddenimport  bench/forbiddenimport: the analyzer alone
#   miglint          cmd/miglint: every analyzer
#
# with the vet cache cold and the build cache warm. Every run sets a fresh
# MIGLINT_NOW, which all three tools put into the build ID they give go vet
# (-V=full): go vet then finds no cached analysis result for any package,
# dependencies included, while compiled packages stay cached.
#
# Then, since other load on the machine makes whole go vet runs noisy, it
# replays the tools' own work package by package (bench/replay): one go vet
# -work run per tool keeps the vet.cfg of every package and the vetx files
# that tool wrote, and replay runs each package with each tool back to
# back, keeping the least CPU time of REPLAYS runs.
#
# Usage: bench/forbiddenimport.sh [RUNS [REPLAYS]]   (default 5 and 3;
# prints Markdown)
set -euo pipefail

runs=${1:-5}
replays=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

cd "$root"
(cd bench && go build -o "$work/bin/noop" ./noop)
(cd bench && go build -o "$work/bin/forbiddenimport" ./forbiddenimport)
go build -o "$work/bin/miglint" ./cmd/miglint
(cd bench && go build -o "$work/bin/replay" ./replay)
go mod download golang.org/x/tools
src=$(go list -m -f '{{.Dir}}' golang.org/x/tools)
version=$(go list -m -f '{{.Version}}' golang.org/x/tools)

cp -R "$src" "$work/tools"
chmod -R u+w "$work/tools"
cd "$work/tools"
export GOFLAGS=-mod=mod GOWORK=off
go mod download
go build ./...

# MIGLINT_NOW is fresh for each go vet run, so that no run reuses
# another's vet results; next_now sets it (not in a subshell: the counter
# must advance).
stamp=$(date -u +%s)
next_now() {
	stamp=$((stamp + 1))
	now=$(date -u -d "@$stamp" +%Y-%m-%dT%H:%M:%SZ)
}

# Warm the build cache for everything go vet compiles (test variants too).
next_now
MIGLINT_NOW=$now go vet -vettool="$work/bin/noop" ./... >/dev/null 2>&1

tools=(noop forbiddenimport miglint)
TIMEFORMAT='%R %U %S'
for ((i = 0; i < runs; i++)); do
	# Rotate the order so that no tool always runs first.
	for ((j = 0; j < ${#tools[@]}; j++)); do
		tool=${tools[$(((i + j) % ${#tools[@]}))]}
		next_now
		if ! { time MIGLINT_NOW=$now go vet -vettool="$work/bin/$tool" ./... >"$work/out" 2>&1; } 2>>"$work/$tool.times"; then
			echo "go vet -vettool=$tool failed:" >&2
			cat "$work/out" >&2
			exit 1
		fi
	done
done

# median FILE COLUMN...: the median of the sum of the columns.
median() {
	local file=$1
	shift
	awk -v cols="$*" '{ n = split(cols, c, " "); s = 0; for (k = 1; k <= n; k++) s += $c[k]; print s }' "$file" |
		sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "golang.org/x/tools $version, $runs runs per tool, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# Line i of each file is run i; the tools of one run ran back to back, so
# the ratio within a run is the least disturbed by other load.
paired() {
	paste -d' ' "$work/$1.times" "$work/noop.times" |
		awk '{ printf "%f %f\n", $1 / $4, ($2 + $3) / ($5 + $6) }' >"$work/$1.ratios"
}
echo "| vet tool | wall (median s) | CPU user+sys (median s) | wall vs noop | CPU vs noop | per-run wall ratio (median) | per-run CPU ratio (median) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
base_wall=$(median "$work/noop.times" 1)
base_cpu=$(median "$work/noop.times" 2 3)
for tool in "${tools[@]}"; do
	wall=$(median "$work/$tool.times" 1)
	cpu=$(median "$work/$tool.times" 2 3)
	paired "$tool"
	rwall=$(median "$work/$tool.ratios" 1)
	rcpu=$(median "$work/$tool.ratios" 2)
	awk -v t="$tool" -v w="$wall" -v c="$cpu" -v bw="$base_wall" -v bc="$base_cpu" -v rw="$rwall" -v rc="$rcpu" \
		'BEGIN { printf "| %s | %.2f | %.2f | %+.1f%% | %+.1f%% | %.3f | %.3f |\n", t, w, c, 100 * (w / bw - 1), 100 * (c / bc - 1), rw, rc }'
done
echo
echo "Each run's wall, user and sys seconds:"
for tool in "${tools[@]}"; do
	echo "- $tool: $(paste -sd';' "$work/$tool.times")"
done

echo
echo "Replay of each tool's work on every package (vet.cfg files of one go vet -work run per tool):"
echo
pairs=()
for tool in "${tools[@]}"; do
	next_now
	kept=$(MIGLINT_NOW=$now go vet -work -vettool="$work/bin/$tool" ./... 2>&1 | sed -n 's/^WORK=//p')
	pairs+=("$tool=$work/bin/$tool:$kept")
done
MIGLINT_NOW=$now "$work/bin/replay" -runs "$replays" "${pairs[@]}"
for pair in "${pairs[@]}"; do
	rm -rf "${pair##*:}"
done
