#!/usr/bin/env bash
# Installs pkg/ into tests/js the way a user would (npm pack, then install the tarball), then runs
# the JS tests with node's test runner and type-checks a consumer file with tsc.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p target/npm
rm -f target/npm/session-credits-*.tgz
tarball=$(npm pack --silent --pack-destination target/npm ./pkg | tail -n 1)
(cd tests/js && npm install --no-save --no-audit --no-fund --loglevel=error "../../target/npm/$tarball")
node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination=target/npm/js-tests.tap tests/js/ 
grep -E '^# (pass|fail) ' target/npm/js-tests.tap
# The shipped declarations must describe every public function: a consumer file type-checks.
if tsc -p tests/js/tsconfig.json; then echo "1 passed, 0 failed (tsc consumer type-check)"; else echo "0 passed, 1 failed (tsc consumer type-check)"; exit 1; fi
