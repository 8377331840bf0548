#!/usr/bin/env bash
# Runs every test layer in order and ends with one summed line: "N passed, M failed".
# Layers: lint, native rules and properties, wasm boundary in Node and in headless Chromium, the
# npm package (built and installed as a user would) under node's test runner and tsc, bundlers
# building an app from it, the conformance scenarios, a time-boxed fuzz run of every target, and
# Playwright against the dashboard.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
log=$(mktemp -d)
passed=0 failed=0 broken=()

# layer NAME COMMAND… — runs a layer, shows its output, and adds up what it counted.
layer() {
  local name=$1; shift
  printf '\n==== %s\n' "$name"
  "$@" 2>&1 | tee "$log/$name.txt"
  local status=${PIPESTATUS[0]}
  local p f
  # cargo test / wasm-bindgen-test-runner: "test result: ok. 12 passed; 0 failed"
  p=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log/$name.txt" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
  f=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed' "$log/$name.txt" | grep -oE '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
  # node --test: "# pass 12" / "# fail 0"
  p=$((p + $(grep -oE '^# pass [0-9]+' "$log/$name.txt" | awk '{s+=$3} END {print s+0}')))
  f=$((f + $(grep -oE '^# fail [0-9]+' "$log/$name.txt" | awk '{s+=$3} END {print s+0}')))
  # conformance, playwright wrapper, tsc wrapper: "12 passed, 0 failed"
  p=$((p + $(grep -oE '^[0-9]+ passed, [0-9]+ failed' "$log/$name.txt" | awk '{s+=$1} END {print s+0}')))
  f=$((f + $(grep -oE '^[0-9]+ passed, [0-9]+ failed' "$log/$name.txt" | awk '{s+=$3} END {print s+0}')))
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$status" -ne 0 ]; then
    broken+=("$name")
    [ "$f" -eq 0 ] && failed=$((failed + 1))
  fi
}

layer lint make --no-print-directory lint
layer native cargo test --all-targets
layer wasm-node env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --test wasm
layer wasm-chromium env WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --test wasm
layer pkg ./scripts/build-pkg.sh
layer js ./scripts/test-js.sh
layer bundlers ./scripts/test-bundlers.sh
layer server ./www/test/run.sh
layer conformance ./scripts/conformance.sh
# Every fuzz target, time-boxed, seeded from its committed corpus (cargo-fuzz installed once).
layer fuzz env FUZZ_SECONDS="${FUZZ_SECONDS:-30}" ./scripts/fuzz.sh
if [ -f www/package.json ]; then
  layer e2e ./scripts/test-e2e.sh
fi

echo
[ ${#broken[@]} -gt 0 ] && echo "Layers that failed: ${broken[*]}"
echo "all layers: $passed passed, $failed failed"
[ ${#broken[@]} -eq 0 ]
