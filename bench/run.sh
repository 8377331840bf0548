#!/usr/bin/env bash
# make bench: builds the native bench, then runs bench/run.mjs (see bench/README.md).
# pkg/ must exist (./scripts/build-pkg.sh; bench/run.mjs waits a little for a build in progress);
# the seeded studios are written once into bench/data/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo build --quiet --profile bench-native --example bench_native
exec node bench/run.mjs "$@"
