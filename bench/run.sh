#!/usr/bin/env bash
# make bench: builds the native bench, then runs bench/run.mjs (see bench/README.md).
# pkg/ must exist (./scripts/build-pkg.sh); the seeded studios are written once into bench/data/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

if [ ! -f pkg/node/index.mjs ] || [ ! -f pkg/web/session_credits_bg.wasm ]; then
  echo "bench: pkg/ is missing: run ./scripts/build-pkg.sh first" >&2
  exit 1
fi
cargo build --quiet --profile bench-native --example bench_native
exec node bench/run.mjs "$@"
