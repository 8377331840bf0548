#!/usr/bin/env bash
# Server tests (node:test, real server processes over HTTP). Installs www/'s dependencies first when
# they are missing or stale: better-sqlite3 comes from the prebuild cache after its first compile
# (www/server/cache-sqlite.cjs). Prints node's "# pass N" / "# fail N" lines for scripts/test-all.sh.
set -uo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f www/node_modules/.package-lock.json ] || [ www/package-lock.json -nt www/node_modules/.package-lock.json ] ||
   ! (cd www && node -e 'new (require("better-sqlite3"))(":memory:").close()' 2>/dev/null); then
  npm --prefix www ci --no-audit --no-fund --loglevel=error || exit 1
fi
mkdir -p target
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=target/server-tests.tap www/test/*.test.mjs
status=$?
grep -E '^# (pass|fail) ' target/server-tests.tap
exit $status
