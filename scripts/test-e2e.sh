#!/usr/bin/env bash
# Playwright against the dashboard in Debian's Chromium; prints "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f www/package-lock.json ]; then
  npm --prefix www ci --no-audit --no-fund --loglevel=error
else
  npm --prefix www install --no-audit --no-fund --loglevel=error
fi
npm --prefix www test
