#!/usr/bin/env bash
# miglint against the type-checking floor and against golangci-lint's
# depguard, on a generated module of N migrations (default 1,000).
#
# Cold (no analysis result reused):
#
#   a  go vet -vettool=noop ./...       the floor: go vet parses and
#                                       type-checks every package anyway
#   b  go vet -vettool=miglint ./...    every miglint analyzer
#   b5 go vet -vettool=vet5 ./...       the five analyzers of the first
#                                       round (bench/subset), so that
#                                       (b - b5)/a is what pagination,
#                                       unprocessed and writeerr add
#   c  miglint ./...                    the standalone checker, its result
#                                       cache empty (it fills it)
#   c0 miglint ./...                    the same with MIGLINT_RESULT_CACHE=off
#   d  golangci-lint run (depguard alone, the equivalent deny rule and
#      per-file exceptions), its cache empty
#
# The build cache is warm (one untimed run of everything first); analysis
# results are never reused: each go vet run gets a fresh MIGLINT_NOW, which
# both vet tools fold into the build ID they report to go vet (-V=full), so
# go vet's cache misses for every package, dependencies included; each
# golangci-lint run gets an empty GOLANGCI_LINT_CACHE, each miglint run an
# empty result cache. The commands run in turn, RUNS times (a and b swap
# places every other run, so that a drift of the machine's speed within
# a run favours neither); the script
# prints every time, the medians of wall and CPU time (user plus system,
# every process of the command counted), the ratios b/a (of the medians, of
# each run's own pair, and of CPU time), c/b and c/d, the peak memory of c.
#
# Incremental (every cache warm, one migration edited before each run, the
# clock fixed so that go vet's build ID stays the same):
#
#   ic  miglint ./...                  result cache warm
#   ic0 miglint ./...                  MIGLINT_RESULT_CACHE=off (before it)
#   ib  go vet -vettool=miglint ./...  go vet's cache warm
#   id  golangci-lint run              its cache warm
#   ih  the git pre-commit hook that "miglint hook install" writes, run as
#       git commit runs it, on a staged edit
#
# Before each run of each command the same migration gets one more line,
# so every command finds exactly that migration changed since its own
# previous run. Then it times "miglint stale" at 10,000 migrations.
#
# Then it replays go vet's work package by package, splits a few more
# cold runs of a and b into the vet tool's processes and the rest, and
# times noop and miglint paired on every package inside go vet (see
# below).
#
# BENCH_VET=0 leaves out the go vet commands (a, b, b5, ib, the replay,
# the split and the pairs), for large N.
# BENCH_BEFORE=BINARY adds cB and icB: miglint ./... run by another build
# (an older commit's, for before-and-after figures in one run), and with
# the go vet commands bB, go vet -vettool=BINARY, and a "before" tool in
# the replay.
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
(cd bench && go build -ldflags "-X main.names=forbiddenimport,header,mainfunc,retention,versionguard" -o "$work/bin/vet5" ./subset)
(cd bench && go build -o "$work/bin/hollow" ./hollow)
(cd bench && go build -o "$work/bin/measure" ./measure)
(cd bench && go build -o "$work/bin/replay" ./replay)
(cd bench && go build -o "$work/bin/vetcpu" ./vetcpu)
[ -n "${BENCH_BEFORE:-}" ] && cp "$BENCH_BEFORE" "$work/bin/before"
# Every cold go vet run starts with the vet tools out of the page cache.
# How an executable's pages come into the cache moves what each of its
# processes costs: the same build took 1,996 or 2,117 page faults per
# migration's process, and 3 to 4% less or more CPU time, from one filling
# of the cache to the next, and one filling lasts a whole stretch of runs.
# A pair of builds in different fills came out 2.5 points apart on the
# same code (BENCHMARKS.md); evicted before each run, every run draws
# fills of its own and the medians average over them.
vet_tools="$work/bin/noop,$work/bin/miglint,$work/bin/vet5,$work/bin/hollow"
[ -n "${BENCH_BEFORE:-}" ] && vet_tools+=",$work/bin/before"
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
		MIGLINT_RESULT_CACHE="$work/results-$stamp" \
		"$work/bin/measure" $([ "$2" = go ] && echo -evict "$vet_tools") -- "${@:2}"
}
cmd_a=(go vet -vettool="$work/bin/noop" ./...)
cmd_b=(go vet -vettool="$work/bin/miglint" ./...)
cmd_b5=(go vet -vettool="$work/bin/vet5" ./...)
cmd_c=("$work/bin/miglint" ./...)
cmd_c0=(env MIGLINT_RESULT_CACHE=off "$work/bin/miglint" ./...)
cmd_d=("$tools/golangci-lint" run --config "$work/golangci.yml" ./...)
cmd_cB=("$work/bin/before" ./...)
cmd_bB=(go vet -vettool="$work/bin/before" ./...)
cold=(a b b5 c c0 d)
[ "${BENCH_VET:-1}" = 0 ] && cold=(c c0 d)
[ -n "${BENCH_BEFORE:-}" ] && cold+=(cB)
[ -n "${BENCH_BEFORE:-}" ] && [ "${BENCH_VET:-1}" != 0 ] && cold+=(bB)

echo "warming the build cache ..." >&2
for c in "${cold[@]}"; do next_stamp; eval "run $c \"\${cmd_$c[@]}\"" >/dev/null; done

declare -A times cpus peak mems round_wall round_cpu
ratios_ba=
ratios_b5a=
ratios_bBa=
cpu_ratios_ba=
# ratio X: X's wall and CPU time over a's in the same round.
ratio() { awk -v a="${round_wall[a]}" -v b="${round_wall[$1]}" 'BEGIN {printf "%.3f", b / a}'; }
cpu_ratio() { awk -v a="${round_cpu[a]}" -v b="${round_cpu[$1]}" 'BEGIN {printf "%.3f", b / a}'; }
for i in $(seq "$runs"); do
	# The machine's speed drifts within a round too: every other round
	# runs a after b, so that a steady drift favours neither.
	order=("${cold[@]}")
	if [ $((i % 2)) = 0 ] && [ "${cold[0]}" = a ]; then order=(b a "${cold[@]:2}"); fi
	for c in "${order[@]}"; do
		next_stamp
		read -r wall mem code cpu < <(eval "run $c \"\${cmd_$c[@]}\"")
		echo "run $i $c: ${wall}s ${mem}MiB exit $code, CPU ${cpu}s" >&2
		times[$c]+="$wall "
		cpus[$c]+="$cpu "
		mems[$c]+="$mem "
		round_wall[$c]=$wall round_cpu[$c]=$cpu
		[ "$c" = c ] && peak[$i]=$mem
		rm -rf "$work/results-$stamp" "$work/gcl-cache-$stamp"
	done
	if [ "${cold[0]}" = a ]; then
		ratios_ba+="$(ratio b) " cpu_ratios_ba+="$(cpu_ratio b) " ratios_b5a+="$(ratio b5) "
		[ -n "${round_wall[bB]:-}" ] && ratios_bBa+="$(ratio bB) "
	fi
done

# median prints the middle of its numbers, or the mean of the two middle
# ones when there is an even count of them (BENCH_PAIR_RUNS=6).
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2] + a[NR/2+1]) / 2}'; }
maxof() { tr ' ' '\n' | grep . | sort -g | tail -1; }
mc=$(echo "${times[c]}" | median); md=$(echo "${times[d]}" | median)
mc0=$(echo "${times[c0]}" | median)
peak_c=$(printf '%s\n' "${peak[@]}" | sort -g | tail -1)

echo
echo "N=$n migrations, $runs runs each, medians (s); machine: $(nproc) cores, $(go version | cut -d' ' -f3)"
echo
echo "Cold:"
echo
echo "| command | runs, wall (s) | median wall (s) | median CPU, user+sys of all processes (s) | peak RSS (MiB) |"
echo "| --- | --- | --- | --- | --- |"
if [ "${BENCH_VET:-1}" != 0 ]; then
	ma=$(echo "${times[a]}" | median); mb=$(echo "${times[b]}" | median)
	ca=$(echo "${cpus[a]}" | median); cb=$(echo "${cpus[b]}" | median)
	rba=$(echo "$ratios_ba" | median)
	mb5=$(echo "${times[b5]}" | median); cb5=$(echo "${cpus[b5]}" | median)
	rb5a=$(echo "$ratios_b5a" | median)
	echo "| a: go vet -vettool=noop | ${times[a]}| $ma | $ca | |"
	echo "| b: go vet -vettool=miglint | ${times[b]}| $mb | $cb | |"
	echo "| b5: go vet -vettool=vet5 (the first five analyzers) | ${times[b5]}| $mb5 | $cb5 | |"
fi
echo "| c: miglint ./... (result cache empty) | ${times[c]}| $mc | $(echo "${cpus[c]}" | median) | $(echo "${mems[c]}" | maxof) |"
echo "| c0: miglint ./... (MIGLINT_RESULT_CACHE=off) | ${times[c0]}| $mc0 | $(echo "${cpus[c0]}" | median) | $(echo "${mems[c0]}" | maxof) |"
echo "| d: golangci-lint $golangci_version, depguard alone | ${times[d]}| $md | $(echo "${cpus[d]}" | median) | |"
[ -n "${BENCH_BEFORE:-}" ] && echo "| cB: miglint ./..., the BENCH_BEFORE build | ${times[cB]}| $(echo "${times[cB]}" | median) | $(echo "${cpus[cB]}" | median) | $(echo "${mems[cB]}" | maxof) |"
[ -n "${times[bB]:-}" ] && echo "| bB: go vet -vettool=BENCH_BEFORE | ${times[bB]}| $(echo "${times[bB]}" | median) | $(echo "${cpus[bB]}" | median) | |"
echo
if [ "${BENCH_VET:-1}" != 0 ]; then
	echo "b/a of each run (b ran next to a, after it in odd runs, before it in even ones): $ratios_ba"
	echo "b/a on CPU time of each run: $cpu_ratios_ba (median $(echo "$cpu_ratios_ba" | median))"
	echo "b5/a of each run: $ratios_b5a"
	if [ -n "${times[bB]:-}" ]; then
		echo "bB/a of each run: $ratios_bBa"
		awk -v a="$ma" -v b="$(echo "${times[bB]}" | median)" -v ca="$ca" -v cb="$(echo "${cpus[bB]}" | median)" -v r="$(echo "$ratios_bBa" | median)" 'BEGIN {
			printf "bB/a = %.2f; median of the runs\x27 own ratios %.2f; on CPU time %.2f\n", b / a, r, cb / ca
		}'
	fi
	awk -v a="$ma" -v b="$mb" -v b5="$mb5" -v c="$mc" -v ca="$ca" -v cb="$cb" -v cb5="$cb5" -v r="$rba" -v r5="$rb5a" 'BEGIN {
		printf "b/a = %.2f (target <= 1.05); median of the runs\x27 own ratios %.2f; on CPU time %.2f\n", b / a, r, cb / ca
		printf "b5/a = %.2f; median of the runs\x27 own ratios %.2f; on CPU time %.2f\n", b5 / a, r5, cb5 / ca
		printf "what pagination, unprocessed and writeerr add, (b - b5)/a: %+.1f points of the medians, %+.1f of the runs\x27 ratios, %+.1f on CPU time (target <= 2)\n", 100 * (b - b5) / a, 100 * (r - r5), 100 * (cb - cb5) / ca
		printf "c/b = %.2f (target <= 1.0)\n", c / b
	}'
fi
awk -v c="$mc" -v c0="$mc0" -v d="$md" -v p="$peak_c" 'BEGIN {
	printf "c/d = %.2f, c0/d = %.2f (target <= 1.0)\n", c / d, c0 / d
	printf "peak RSS of c = %.0f MiB (target: no more than before, about 500 MiB)\n", p
}'

# The replay: go vet's wall time moves with this virtual machine's speed
# between a run and the next (the no-op run took 14.7 to 20.9 s in one
# series), so the per-process CPU time of the same work is compared too:
# one go vet -work run per vet tool keeps every package's vet.cfg, and
# bench/replay runs each with each tool, 3 times in rotating order, and
# sums the least CPU time per package (BENCH_REPLAY=0 leaves it out;
# BENCH_REPLAY_RUNS, default 5, sets the runs: with 3 the same tool moved
# by up to 4 points between replays, with 5 less).
if [ "${BENCH_VET:-1}" != 0 ] && [ "${BENCH_REPLAY:-1}" != 0 ]; then
	echo "replaying go vet's work package by package ..." >&2
	pairs=()
	vettools=(noop miglint vet5)
	[ -n "${BENCH_BEFORE:-}" ] && vettools+=(before)
	for tool in "${vettools[@]}"; do
		next_stamp
		now=$(date -u -d "@$stamp" +%Y-%m-%dT%H:%M:%SZ)
		kept=$({ MIGLINT_NOW=$now go vet -work -vettool="$work/bin/$tool" ./... 2>&1 || true; } | sed -n 's/^WORK=//p')
		pairs+=("$tool=$work/bin/$tool:$kept")
		if [ "$tool" = miglint ]; then kept_miglint=$kept; fi
	done
	# hollow (bench/hollow) on miglint's work: x/tools' cost for miglint's
	# analyzer graph and the facts of its imports, without miglint's code.
	pairs+=("hollow=$work/bin/hollow:$kept_miglint")
	echo
	echo "Replay of go vet's work (b/a and b5/a on CPU time, least of ${BENCH_REPLAY_RUNS:-5} runs per package):"
	echo
	MIGLINT_NOW=$now "$work/bin/replay" -runs "${BENCH_REPLAY_RUNS:-5}" "${pairs[@]}"
	for pair in "${pairs[@]}"; do rm -rf "${pair##*:}"; done
fi

# Inside go vet: the same cold runs of a and b (and bB), each vet tool
# wrapped by bench/vetcpu, which records every package process's CPU time,
# so that a run's CPU time splits into the vet tool's processes (as go vet
# runs them: two at a time, beside its own work) and the rest (the go
# command, and vetcpu's own processes, alike for every tool). The replay
# above times the same processes one at a time on an idle machine; this
# says whether that is what go vet pays. BENCH_SPLIT_RUNS (default 4) sets
# the rounds, in rotating order; 0 leaves it out.
if [ "${BENCH_VET:-1}" != 0 ] && [ "${BENCH_SPLIT_RUNS:-4}" != 0 ]; then
	echo "timing go vet's processes inside go vet ..." >&2
	split=(a b)
	declare -A split_tool=([a]=noop [b]=miglint)
	[ -n "${BENCH_BEFORE:-}" ] && split+=(bB) && split_tool[bB]=before
	declare -A split_all split_procs split_rest round_all round_procs split_ratio_all split_ratio_procs
	for i in $(seq "${BENCH_SPLIT_RUNS:-4}"); do
		order=("${split[@]:i%${#split[@]}}" "${split[@]:0:i%${#split[@]}}")
		for c in "${order[@]}"; do
			next_stamp
			rm -f "$work/vetcpu.log"
			read -r wall mem code cpu < <(VETCPU_TOOL="$work/bin/${split_tool[$c]}" VETCPU_LOG="$work/vetcpu.log" \
				MIGLINT_NOW=$(date -u -d "@$stamp" +%Y-%m-%dT%H:%M:%SZ) "$work/bin/measure" -evict "$vet_tools" -- go vet -vettool="$work/bin/vetcpu" ./...)
			procs=$(awk '{s += $1 + $2} END {printf "%.3f", s / 1e6}' "$work/vetcpu.log")
			echo "split $i $c: ${wall}s, CPU ${cpu}s, of which its vet processes ${procs}s ($(wc -l < "$work/vetcpu.log") of them)" >&2
			split_all[$c]+="$cpu " split_procs[$c]+="$procs "
			split_rest[$c]+="$(awk -v a="$cpu" -v p="$procs" 'BEGIN {printf "%.3f", a - p}') "
			round_all[$c]=$cpu round_procs[$c]=$procs
		done
		for c in "${split[@]:1}"; do
			split_ratio_all[$c]+="$(awk -v a="${round_all[a]}" -v b="${round_all[$c]}" 'BEGIN {printf "%.3f", b / a}') "
			split_ratio_procs[$c]+="$(awk -v a="${round_procs[a]}" -v b="${round_procs[$c]}" 'BEGIN {printf "%.3f", b / a}') "
		done
	done
	echo
	echo "Inside go vet (each vet tool wrapped by bench/vetcpu; ${BENCH_SPLIT_RUNS:-4} runs each, CPU s, the runs and their median):"
	echo
	echo "| command | CPU of the whole run | of which the vet tool's processes | the rest |"
	echo "| --- | --- | --- | --- |"
	for c in "${split[@]}"; do
		echo "| $c (${split_tool[$c]}) | ${split_all[$c]}(median $(echo "${split_all[$c]}" | median)) | ${split_procs[$c]}(median $(echo "${split_procs[$c]}" | median)) | ${split_rest[$c]}(median $(echo "${split_rest[$c]}" | median)) |"
	done
	echo
	for c in "${split[@]:1}"; do
		echo "$c/a of each run inside go vet, the whole run's CPU: ${split_ratio_all[$c]}(median $(echo "${split_ratio_all[$c]}" | median)); the vet processes': ${split_ratio_procs[$c]}(median $(echo "${split_ratio_procs[$c]}" | median))"
		awk -v c="$c" -v wa="$(echo "${split_all[a]}" | median)" -v wc="$(echo "${split_all[$c]}" | median)" \
			-v pa="$(echo "${split_procs[a]}" | median)" -v pc="$(echo "${split_procs[$c]}" | median)" 'BEGIN {
			printf "%s/a inside go vet, of the medians: %.3f on the whole run\x27s CPU, %.3f on the vet processes\x27\n", c, wc / wa, pc / pa
		}'
	done
fi

# Paired inside go vet: one cold go vet run in which bench/vetcpu runs both
# noop and miglint (or the BENCH_BEFORE build) on every package, right
# after each other in alternating order, each on vetx files of its own.
# The machine's drift, which moves whole runs by 10 to 25 points, moves a
# package's two processes together and cancels out of the ratio of their
# sums. The go command's own CPU time in the run (all of it, less the two
# tools' processes and vetcpu's own) is what a plain run of either tool
# adds to its processes, so the whole run's b/a is (go + b) / (go + a).
# Each run starts with both tools out of the page cache (vet_tools above):
# one filling of the cache can make a tool 3 to 4% cheaper or dearer for
# as long as it lasts, which the pairing cannot cancel.
# BENCH_PAIR_RUNS (default 4) sets the runs per tool, VETCPU_FLIP swapping
# the order of each package's pair every other run; 0 leaves it out.
if [ "${BENCH_VET:-1}" != 0 ] && [ "${BENCH_PAIR_RUNS:-4}" != 0 ]; then
	echo "pairing go vet's processes inside go vet ..." >&2
	paired=(b)
	declare -A pair_tool=([b]=miglint)
	[ -n "${BENCH_BEFORE:-}" ] && paired+=(bB) && pair_tool[bB]=before
	declare -A pair_procs pair_whole
	echo
	echo "Paired inside go vet (bench/vetcpu with VETCPU_PAIR=noop; each run: CPU of its vet processes over noop's, of the packages go vet reports on and of those it analyses for facts only, then the whole run's, (go + b) / (go + a)):"
	echo
	echo "| run | tool | all processes | root | dep | go command's CPU (s) | whole run |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	for i in $(seq "${BENCH_PAIR_RUNS:-4}"); do
		for c in "${paired[@]}"; do
			next_stamp
			rm -f "$work/vetcpu.log"
			read -r wall mem code cpu < <(VETCPU_TOOL="$work/bin/${pair_tool[$c]}" VETCPU_PAIR="$work/bin/noop" VETCPU_FLIP=$((i % 2)) \
				VETCPU_LOG="$work/vetcpu.log" MIGLINT_NOW=$(date -u -d "@$stamp" +%Y-%m-%dT%H:%M:%SZ) \
				"$work/bin/measure" -evict "$vet_tools" -- go vet -vettool="$work/bin/vetcpu" ./...)
			read -r p_all p_root p_dep p_go p_whole < <(awk -v total="$cpu" '{
				b = $1 + $2; a = $5 + $6; B[$4] += b; A[$4] += a; sb += b; sa += a; self += $9
			} END {
				go = total - (sa + sb + self) / 1e6
				printf "%.3f %.3f %.3f %.2f %.3f\n", sb / sa, B["root"] / A["root"], B["dep"] / A["dep"], go, (go + sb / 1e6) / (go + sa / 1e6)
			}' "$work/vetcpu.log")
			echo "| $i | $c (${pair_tool[$c]}) | $p_all | $p_root | $p_dep | $p_go | $p_whole |"
			pair_procs[$c]+="$p_all " pair_whole[$c]+="$p_whole "
		done
	done
	echo
	for c in "${paired[@]}"; do
		echo "$c/a paired inside go vet: the vet processes $(echo "${pair_procs[$c]}" | median) (runs ${pair_procs[$c]}), the whole run $(echo "${pair_whole[$c]}" | median) (runs ${pair_whole[$c]}; target <= 1.05), medians"
	done
fi

# Incremental: every cache warm, one migration edited before each run.
edited=$(ls -d migrations/*/ | sed -n "$(( (n + 1) / 2 ))p")main.go
export MIGLINT_NOW=$(date -u -d "@$stamp" +%Y-%m-%dT%H:%M:%SZ)
export MIGLINT_RESULT_CACHE="$work/results" GOLANGCI_LINT_CACHE="$work/gcl-cache"
git init -q . && git add -A && git -c user.name=bench -c user.email=bench@example.com commit -qm init
"$work/bin/miglint" hook install >/dev/null
cmd_ic=("$work/bin/miglint" ./...)
cmd_ic0=(env MIGLINT_RESULT_CACHE=off "$work/bin/miglint" ./...)
cmd_ib=(go vet -vettool="$work/bin/miglint" ./...)
cmd_id=("$tools/golangci-lint" run --config "$work/golangci.yml" ./...)
cmd_ih=(sh .git/hooks/pre-commit)
cmd_icB=("$work/bin/before" ./...)
inc=(ic ic0 ib id ih)
[ "${BENCH_VET:-1}" = 0 ] && inc=(ic ic0 id ih)
[ -n "${BENCH_BEFORE:-}" ] && inc+=(icB)
edits=0
edit() { edits=$((edits + 1)); echo "// edit $edits" >> "$edited"; git add "$edited"; }
echo "warming every cache ..." >&2
for c in "${inc[@]}"; do edit; eval "\"$work/bin/measure\" -- \"\${cmd_$c[@]}\"" >/dev/null; done
for i in $(seq "$runs"); do
	for c in "${inc[@]}"; do
		edit
		read -r wall mem code cpu < <(eval "\"$work/bin/measure\" -- \"\${cmd_$c[@]}\"")
		echo "run $i $c: ${wall}s ${mem}MiB exit $code, CPU ${cpu}s" >&2
		times[$c]+="$wall "
		cpus[$c]+="$cpu "
		mems[$c]+="$mem "
	done
done
echo
echo "Incremental, after editing $edited (every cache warm, MIGLINT_NOW fixed):"
echo
echo "| command | runs, wall (s) | median wall (s) | median CPU, user+sys of all processes (s) | peak RSS (MiB) |"
echo "| --- | --- | --- | --- | --- |"
echo "| ic: miglint ./... (result cache warm) | ${times[ic]}| $(echo "${times[ic]}" | median) | $(echo "${cpus[ic]}" | median) | $(echo "${mems[ic]}" | maxof) |"
echo "| ic0: miglint ./... (MIGLINT_RESULT_CACHE=off) | ${times[ic0]}| $(echo "${times[ic0]}" | median) | $(echo "${cpus[ic0]}" | median) | $(echo "${mems[ic0]}" | maxof) |"
[ "${BENCH_VET:-1}" != 0 ] && echo "| ib: go vet -vettool=miglint ./... (vet cache warm) | ${times[ib]}| $(echo "${times[ib]}" | median) | $(echo "${cpus[ib]}" | median) | |"
echo "| id: golangci-lint $golangci_version, depguard alone (cache warm) | ${times[id]}| $(echo "${times[id]}" | median) | $(echo "${cpus[id]}" | median) | |"
echo "| ih: the git pre-commit hook (miglint hook install) | ${times[ih]}| $(echo "${times[ih]}" | median) | $(echo "${cpus[ih]}" | median) | |"
[ -n "${BENCH_BEFORE:-}" ] && echo "| icB: miglint ./..., the BENCH_BEFORE build | ${times[icB]}| $(echo "${times[icB]}" | median) | $(echo "${cpus[icB]}" | median) | $(echo "${mems[icB]}" | maxof) |"
echo
mic=$(echo "${times[ic]}" | median); mic0=$(echo "${times[ic0]}" | median)
mid=$(echo "${times[id]}" | median); mih=$(echo "${times[ih]}" | median)
mib=$(echo "${times[ib]:-0}" | median)
awk -v c="$mic" -v c0="$mic0" -v b="$mib" -v d="$mid" -v h="$mih" 'BEGIN {
	printf "ic/id = %.2f, ih/id = %.2f (target <= 1.0); before the cache ic0/id = %.2f", c / d, h / d, c0 / d
	if (b > 0) printf "; go vet ib/id = %.2f", b / d
	printf "\n"
}'
echo
cd "$root"
bench/stale.sh 10000 5 | tail -2
