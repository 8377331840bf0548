#!/usr/bin/env bash
# The contract's acceptance scenarios, run by the conformance runner against the installed package,
# when ../shared/conformance sits beside the repository (as in CI): every revision, every file. (While
# a revision is being built, pass the runner `--revision N` and `--filter` here and in
# tests/scenarios.rs.)
set -euo pipefail
cd "$(dirname "$0")/.."
runner=../shared/conformance/run.mjs
if [ ! -f "$runner" ]; then
  echo "conformance: ../shared/conformance is not beside the repository; skipped"
  exit 0
fi
node "$runner" --pkg pkg "$@"
