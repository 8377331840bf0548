#!/usr/bin/env bash
# The contract's acceptance scenarios, run by the conformance runner against the installed package,
# when ../shared/conformance sits beside the repository (as in CI). While a revision is being built,
# the runner takes the earlier revisions plus the scenarios of the new one already implemented
# (the same filter as tests/scenarios.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
runner=../shared/conformance/run.mjs
if [ ! -f "$runner" ]; then
  echo "conformance: ../shared/conformance is not beside the repository; skipped"
  exit 0
fi
args=(--revision 2)
node "$runner" --pkg pkg "${args[@]}" "$@"
