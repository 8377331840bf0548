#!/usr/bin/env bash
# Builds a tiny app with each bundler (esbuild, Rollup, webpack 5, Vite 5 to 8, Parcel) against the packed
# tarball and loads each build in Chromium or Node; runs Jest with jsdom, Deno, Bun and workerd on
# it (tests/bundlers/). They are installed once into target/bundlers and again only when
# tests/bundlers/package.json changes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
dir=target/bundlers
mkdir -p "$dir" target/npm
if ! cmp -s tests/bundlers/package.json "$dir/package.json" || [ ! -f "$dir/node_modules/.package-lock.json" ]; then
  cp tests/bundlers/package.json "$dir/package.json"
  [ -f tests/bundlers/package-lock.json ] && cp tests/bundlers/package-lock.json "$dir/package-lock.json"
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
fi
rm -f target/npm/session-credits-*.tgz
tarball=$(npm pack --silent --pack-destination target/npm ./pkg | tail -n 1)
(cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error "../npm/$tarball")
rm -rf "$dir/app" "$dir/apps" "$dir/jest"
cp -r tests/bundlers/app tests/bundlers/jest tests/bundlers/bundlers.test.mjs "$dir/"
node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination=target/npm/bundler-tests.tap "$dir/bundlers.test.mjs"
grep -E '^# (pass|fail) ' target/npm/bundler-tests.tap
