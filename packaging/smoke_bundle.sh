#!/usr/bin/env bash
# Smoke-test the one-folder bundle headless: the frozen command line imports, searches,
# ranks and rebuilds an index in worker processes, and the frozen window opens, is ready and
# quits, on the sample and on the library the command line made. Everything runs offscreen
# with a throwaway home folder, so the user's own library and settings are never touched.
#   bash packaging/smoke_bundle.sh [BUNDLE]   # relative to the repository; dist/papershelf
# Exits non-zero with one sentence on the first step that fails or takes over 60 s.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=${1:-dist/papershelf}
app=$bundle/papershelf
limit=60
fixture=tests/fixtures/ris/litstudy_example.ris  # 25 IEEE papers on exascale computing
many=2500  # papers: over core.index.BULK, so the index is built in worker processes

fail() {
  echo "smoke: FAILED: $1" >&2
  exit 1
}
indent() { sed 's/^/  | /' "$@" >&2; }  # a step's output, shown above the failure
[ -x "$app" ] || fail "there is no bundle at $app; build it with bash packaging/build.sh."

tmp=$(mktemp -d "${TMPDIR:-/tmp}/papershelf-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export TMPDIR=$tmp/tmp HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data \
  XDG_CACHE_HOME=$tmp/cache XDG_STATE_HOME=$tmp/state XDG_RUNTIME_DIR=$tmp/runtime \
  PAPERSHELF_LIBRARY=$tmp/default-library QT_QPA_PLATFORM=offscreen
unset PAPERSHELF_CACHE PAPERSHELF_PLAIN_WHOOSH
mkdir -p "$TMPDIR" "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
library=$tmp/library

# seconds STARTED: the seconds since STARTED (a time from date +%s%N), two decimals.
seconds() {
  awk -v ns=$(($(date +%s%N) - $1)) 'BEGIN { printf "%.2f", ns / 1e9 }'
}

# stamp STARTED: copy standard input to standard output; the time since STARTED when the
# first line beginning "papershelf: ready" came goes into $tmp/ready.
stamp() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    [[ $line != "papershelf: ready"* || -s $tmp/ready ]] || seconds "$1" >"$tmp/ready"
    printf '%s\n' "$line"
  done
}

# run WHAT ARGS...: run the bundle with ARGS within the time limit; its stdout in $out, its
# stderr in $tmp/err, its wall time in $took (seconds). WHAT names the step in a failure.
run() {
  local what=$1 code=0 started
  shift
  rm -f "$tmp/ready"
  started=$(date +%s%N)
  timeout --kill-after=5 "$limit" "$app" "$@" 2>"$tmp/err" | stamp "$started" >"$tmp/out" ||
    code=$?
  took=$(seconds "$started")
  out=$(cat "$tmp/out")
  if ((code == 124 || code == 137)); then
    fail "$what took over $limit s (papershelf $*)."
  elif ((code != 0)); then
    indent "$tmp/err"
    fail "$what exited with code $code (papershelf $*; its stderr is above)."
  elif grep -q -e Traceback -e "fast index paths were written for" "$tmp/err"; then
    indent "$tmp/err"
    fail "$what succeeded but logged a traceback or a Whoosh version warning (above)."
  fi
  echo "smoke: ok  ${took} s  $what"
}

# expect WHAT PATTERN: the last run's stdout has a line matching PATTERN (grep -E).
expect() {
  grep -q -E "$2" <<<"$out" || {
    indent <<<"$out"
    fail "$1 printed no line matching '$2' (its output is above)."
  }
}

echo "smoke: $app, $(du -sh "$bundle" | cut -f1) on disk"

run "--version" --version
expect "--version" "^papershelf [0-9]+\.[0-9]+"

papers=$(grep -c '^ER  -' "$fixture")  # one end-of-record tag a paper
run "importing $fixture" --library "$library" import "$fixture"
expect "importing $fixture" "^$papers new"
run "searching" --library "$library" search checkpointing
expect "searching" "Highly scalable checkpointing for exascale computing"
id=$(awk '/Highly scalable checkpointing/ { print $1; exit }' <<<"$out")
run "marking paper $id read" --library "$library" mark read "$id"
expect "marking paper $id read" "^marked 1 paper read"
run "related papers" --library "$library" related "$id"
expect "related papers" "[Ee]xascale"
run "read-next" --library "$library" read-next
expect "read-next" "[Ee]xascale"

# Enough papers that the import and the rebuild index in worker processes (spawned: without
# multiprocessing.freeze_support() in the entry point each would run the command line again).
awk -v n="$many" 'BEGIN {
  split("retrieval indexing ranking parsing sampling caching hashing pruning tagging routing", w)
  for (i = 1; i <= n; i++)
    printf "TY  - JOUR\nTI  - Synthetic paper %d on %s and %s\nAU  - Author, A%d\nPY  - %d\n" \
      "AB  - An abstract about %s, number %d, made up for the bundle check.\nER  - \n\n",
      i, w[i % 10 + 1], w[i * 7 % 10 + 1], i, 1990 + i % 35, w[i * 3 % 10 + 1], i
}' >"$tmp/many.ris"
run "importing $many papers" --library "$tmp/many" import "$tmp/many.ris"
expect "importing $many papers" "^$many new"
run "rebuilding the index in worker processes" --library "$tmp/many" reindex
expect "rebuilding the index in worker processes" "^indexed $many papers"
run "searching $many papers" --library "$tmp/many" search hashing --limit 3
expect "searching $many papers" "Synthetic paper [0-9]+ on"

# The window: ready means the list is shown and the index is open (papershelf's own line,
# whose times count from where the window starts being built; ours from the launch).
starts=()
window() {
  run "$1" "${@:2}" --quit-when-ready
  expect "$1" "^papershelf: ready"
  local ready
  ready=$(cat "$tmp/ready")
  starts+=("$ready s")
  echo "smoke:        launch to ready $ready s; $(grep -m1 '^papershelf: ready' <<<"$out")"
}
for attempt in 1 2 3; do
  window "the window on the sample ($attempt)" --demo
done
window "the window on the imported library" --library "$library"
expect "the window on the imported library" "[^0-9,]([1-9][0-9,]*) papers"

echo "smoke: passed; the frozen window was ready, from launch, in ${starts[*]}"
