#!/usr/bin/env bash
# What `miglint run dev` adds over building and running the same migration
# by hand, with a warm build cache.
#
#   bench/run_overhead.sh [REPS] [MIGRATION]
#
# Defaults: 7 repetitions of testdata/sample's 0300_default_cart_currency.
# Starts dynalite (./test.sh installs it) on a free loopback port with an
# empty carts table, warms the build cache, then times, REPS times each and
# interleaved:
#
#   by hand      go build -o NEW_DIR/m . && NEW_DIR/m    (in the migration's
#                directory, with the environment a dev run gives the child)
#   miglint run  miglint run dev MIGRATION --endpoint URL
#   lint alone   miglint ./migrations/MIGRATION          (for the breakdown)
#
# Each build goes to a new directory, as miglint run's does, so both link.
# Prints each wall and CPU time (user + system, children included; the CPU
# time is what a busy machine changes least), the medians, and the
# overhead in seconds and as a ratio. Needs GNU time, bc and curl.
set -euo pipefail
cd "$(dirname "$0")/.."

reps=${1:-7}
mig=${2:-0300_default_cart_currency}
sample=testdata/sample
migdir=$sample/migrations/$mig
[ -d "$migdir" ] || { echo "no migration $migdir" >&2; exit 2; }
dynalite=node_modules/.bin/dynalite
[ -x "$dynalite" ] || { echo "dynalite is not installed; run ./test.sh (or npm ci --no-audit --no-fund) first" >&2; exit 2; }

work=$(mktemp -d)
dyn_pid=
cleanup() {
  [ -n "$dyn_pid" ] && kill "$dyn_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/" ./cmd/...  # miglint and the miglint-aws it starts for run
miglint=$work/miglint

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
url=http://127.0.0.1:$port
"$dynalite" --host 127.0.0.1 --port "$port" --createTableMs 0 >"$work/dynalite.log" 2>&1 &
dyn_pid=$!

# dynalite checks that a request is signed, not the signature.
ddb() {
  curl -sf -X POST "$url/" -H "X-Amz-Target: DynamoDB_20120810.$1" \
    -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Date: 20260101T000000Z' \
    -H 'Authorization: AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' \
    -d "$2"
}
for _ in $(seq 100); do
  ddb ListTables '{}' >/dev/null 2>&1 && break
  sleep 0.1
done
ddb CreateTable '{"TableName":"carts","AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],"KeySchema":[{"AttributeName":"id","KeyType":"HASH"}],"BillingMode":"PAY_PER_REQUEST"}' >/dev/null

child_env=(MIGLINT_ENV=dev AWS_ENDPOINT_URL_DYNAMODB="$url" AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1)

by_hand() {
  local out=$work/hand$1
  mkdir "$out"
  (cd "$migdir" && go build -o "$out/m" . && env "${child_env[@]}" "$out/m") >/dev/null
}
with_miglint() {
  (cd "$sample" && "$miglint" run dev "$mig" --endpoint "$url") >/dev/null 2>"$work/run.err" || { cat "$work/run.err" >&2; exit 1; }
}
lint_alone() {
  (cd "$sample" && "$miglint" "./migrations/$mig") >/dev/null
}
# timed NAME CMD...: appends the wall time and the CPU time (user + system,
# children included) of CMD to NAME_wall and NAME_cpu.
timed() {
  local name=$1; shift
  "$time" -f '%e %U %S' -o "$work/t" bash -c "$(declare -f "$1"); $(declare -p work migdir sample miglint mig url child_env); $*"
  read -r e u s <"$work/t"
  eval "${name}_wall+=($e) ${name}_cpu+=($(echo "$u + $s" | bc))"
}
time=/usr/bin/time
[ -x "$time" ] || { echo "needs GNU time at $time (apt-get install time)" >&2; exit 2; }

# Warm the build cache and the page cache.
by_hand warm
with_miglint
lint_alone

hand_wall=() hand_cpu=() run_wall=() run_cpu=() lint_wall=() lint_cpu=()
for i in $(seq "$reps"); do
  timed hand by_hand "$i"
  timed run with_miglint
  timed lint lint_alone
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
list() { printf '%.2f ' "$@"; }
row() { # NAME LABEL
  local w="${1}_wall[@]" c="${1}_cpu[@]"
  printf '%-28s wall %s median %.2f | cpu %s median %.2f\n' "$2" "$(list "${!w}")" "$(median "${!w}")" "$(list "${!c}")" "$(median "${!c}")"
}

echo "migration: $mig, $reps repetitions, $(nproc) cores, $(go version | cut -d' ' -f3-4), load average$(uptime | sed 's/.*load average//')"
row hand "by hand (go build + run), s"
row run "miglint run dev, s"
row lint "lint alone (miglint PKG), s"
awk -v h="$(median "${hand_wall[@]}")" -v r="$(median "${run_wall[@]}")" -v hc="$(median "${hand_cpu[@]}")" -v rc="$(median "${run_cpu[@]}")" \
  'BEGIN { printf "overhead: %.2f s wall (miglint run takes %.2fx the time of go build + run); %.2f s cpu (%.2fx)\n", r - h, r / h, rc - hc, rc / hc }'
