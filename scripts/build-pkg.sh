#!/usr/bin/env bash
# Builds the npm package in pkg/: one package for Node (import and require), bundlers and plain
# <script type="module"> pages, with an exports map per runtime.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

name=session_credits
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
wasm=target/wasm32-unknown-unknown/release/$name.wasm

cargo build --quiet --release --target wasm32-unknown-unknown
rm -rf target/bindgen pkg
for target in nodejs web; do
  wasm-bindgen --target "$target" --no-typescript --out-dir "target/bindgen/$target" --out-name "$name" "$wasm"
  # The features rustc enables by default for wasm32 (bulk memory, sign extension, …).
  wasm-opt -Oz --enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue --strip-debug --strip-producers "target/bindgen/$target/${name}_bg.wasm" -o "target/bindgen/$target/${name}_bg.wasm"
done

mkdir -p pkg/node pkg/web
# Node: wasm-bindgen's CommonJS glue loads the .wasm synchronously; an ES module wrapper re-exports it.
cp "target/bindgen/nodejs/$name.js" "pkg/node/$name.cjs"
cp "target/bindgen/nodejs/${name}_bg.wasm" pkg/node/
cp js/node.cjs pkg/node/index.cjs
cp js/engine-error.cjs pkg/node/
cp js/node.mjs pkg/node/index.mjs
# Browsers and bundlers: ES module glue, initialised by the entry with top-level await.
cp "target/bindgen/web/$name.js" "target/bindgen/web/${name}_bg.wasm" pkg/web/
cp js/web.js pkg/web/index.js
cp js/engine-error.js pkg/web/
cp js/index.d.ts pkg/index.d.ts
cp js/index.d.ts pkg/index.d.cts
cp README.md LICENSE pkg/
sed "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" js/package.json > pkg/package.json

raw=$(wc -c < pkg/web/${name}_bg.wasm)
gz=$(gzip -9 -c pkg/web/${name}_bg.wasm | wc -c)
echo "pkg/ built: session-credits $version, .wasm $raw bytes raw, $gz bytes gzipped"
