#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/, the `fuzz` CMake preset: clang,
# ASan, UBSan) and runs each for SECONDS (default 300; `npm run test:fuzz`
# gives 20). The committed seed corpus (tests/fuzz/corpus/) is copied to
# build/fuzz/corpus/, so a run grows its own copy and never the repository's.
# A finding (crash, sanitizer report, leak, timeout) fails the script and
# leaves its input in build/fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ is needed (apt-get install clang); skipped" >&2
  exit 1
fi
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
cmake --preset fuzz "${launcher[@]}" >/dev/null
cmake --build --preset fuzz
mkdir -p build/fuzz/findings
status=0
for target in network run_document; do
  corpus="build/fuzz/corpus/$target"
  mkdir -p "$corpus"
  cp -n tests/fuzz/corpus/"$target"/* "$corpus"/
  log="build/fuzz/$target.log"
  echo "fuzz: $target for ${seconds}s"
  # -rss_limit_mb: inputs of at most 4 kB (-max_len, larger than any seed,
  # small enough to be quick) never need 2 GB: more is a leak or an unbounded
  # structure.
  if ! "build/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=4096 -timeout=20 \
      -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=build/fuzz/findings/"$target"- \
      -dict=tests/fuzz/json.dict "$corpus" >"$log" 2>&1; then
    status=1
    echo "fuzz: $target FOUND A PROBLEM (input in build/fuzz/findings/, log $log):" >&2
    grep -m 5 -E "ERROR|runtime error|Assertion|==[0-9]+==" "$log" >&2 || tail -20 "$log" >&2
  fi
  runs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  echo "fuzz: $target: $runs executions, $cov, corpus $(ls "$corpus" | wc -l) inputs"
done
exit $status
