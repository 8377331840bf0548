#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets) for FUZZ_SECONDS each (default 600), one after
# another, and prints the executions per target. Exits non-zero when a target crashes; the input
# that crashed it is in fuzz/artifacts/<target>/ (turn it into a test in tests/regressions.rs).
#
#   scripts/fuzz.sh                      # the full campaign: 10 minutes per target
#   FUZZ_SECONDS=20 scripts/fuzz.sh      # a smoke run, for CI
#   FUZZ_TARGETS=command_json scripts/fuzz.sh
#
# New corpus entries land in fuzz/corpus/<target>/ (only the seed-* files there are committed).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

FUZZ_SECONDS=${FUZZ_SECONDS:-600}
FUZZ_TARGETS=${FUZZ_TARGETS:-"snapshot_json command_json policy_json sync_json"}

./scripts/setup-fuzz.sh

# libFuzzer's instrumentation needs unstable flags: nightly when installed, else stable unlocked.
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi

max_len() {
  case "$1" in
    snapshot_json) echo 65536 ;;
    command_json) echo 16384 ;;
    policy_json) echo 8192 ;;
    sync_json) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

"${fuzz[@]}" build

failed=()
summary=()
for target in $FUZZ_TARGETS; do
  mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
  log="fuzz/artifacts/$target.log"
  dict=""
  if [ -f "fuzz/$target.dict" ]; then dict="-dict=$PWD/fuzz/$target.dict"; fi
  printf '\n== fuzz %s for %ss\n' "$target" "$FUZZ_SECONDS"
  start=$(date +%s)
  set +e
  "${fuzz[@]}" run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$FUZZ_SECONDS" -max_len="$(max_len "$target")" -rss_limit_mb=4096 \
    -timeout=30 -print_final_stats=1 ${dict:+"$dict"} >"$log" 2>&1
  rc=$?
  set -e
  took=$(( $(date +%s) - start ))
  execs=$(sed -n 's/^stat::number_of_executed_units:[[:space:]]*\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  if [ -z "$execs" ]; then
    execs=$(sed -n 's/^#\([0-9]*\)[[:space:]]*DONE.*/\1/p' "$log" | tail -n 1)
  fi
  if [ -z "$execs" ]; then
    execs=$(sed -n 's/^#\([0-9]*\)[[:space:]].*/\1/p' "$log" | tail -n 1)
  fi
  if [ "$rc" -eq 0 ]; then
    verdict="no crash"
  else
    verdict="CRASH (exit $rc): see $log and fuzz/artifacts/$target/"
    failed+=("$target")
    grep -E '^(==[0-9]+==ERROR|thread .* panicked|Test unit written to|SUMMARY|Failing input)' "$log" | head -n 20 || true
    tail -n 30 "$log"
  fi
  line="$target: ${execs:-?} executions in ${took}s, $verdict"
  echo "$line"
  summary+=("$line")
done

printf '\n== fuzz summary\n'
printf '%s\n' "${summary[@]}"
total=$(wc -w <<<"$FUZZ_TARGETS")
echo "$((total - ${#failed[@]})) passed, ${#failed[@]} failed (fuzz targets, ${FUZZ_SECONDS} s each)"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: crashes in ${failed[*]}" >&2
  exit 1
fi
