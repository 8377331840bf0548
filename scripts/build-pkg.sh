#!/usr/bin/env bash
# Builds the npm package in pkg/: one package for Node (import and require), bundlers and plain
# <script type="module"> pages, with an exports map per runtime and a single .wasm in dist/ that
# every entry loads.
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
done
# The two targets' .wasm are the same bytes (their glue differs): one file serves both.
cmp -s "target/bindgen/nodejs/${name}_bg.wasm" "target/bindgen/web/${name}_bg.wasm" || {
  echo "build-pkg: wasm-bindgen wrote different .wasm for nodejs and web: the shared-file layout needs rethinking" >&2
  exit 1
}
mkdir -p pkg/dist
# The features rustc enables by default for wasm32 (bulk memory, sign extension, …).
wasm-opt -Oz --enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue --strip-debug --strip-producers "target/bindgen/web/${name}_bg.wasm" -o "pkg/dist/${name}_bg.wasm"

# Browsers, bundlers and Node's import: wasm-bindgen's ES module glue. browser.js fetches the .wasm
# with top-level await; node.mjs reads it synchronously.
cp "target/bindgen/web/$name.js" pkg/dist/
cp js/browser.js pkg/dist/browser.js
# session-credits/init: the same glue, loaded when the app says (browser.js is it plus `await init()`).
cp js/init.js pkg/dist/init.js
# session-credits/worker: the engine in a module worker (worker-entry.js), through init.js.
cp js/worker.js js/worker-entry.js pkg/dist/
# init.js and worker.js at the package's root, for resolvers that ignore the exports map (Parcel).
cp js/init-root.js pkg/init.js
cp js/worker-root.js pkg/worker.js
# The two Node entries share one engine per version through globalThis (see node.cjs).
sed "s/session-credits@0.0.0/session-credits@$version/" js/node.mjs > pkg/dist/node.mjs
# The EngineError class the glue throws: ES module for browsers, CommonJS for both Node entries.
cp js/engine-error.js js/engine-error.cjs js/read-text.cjs pkg/dist/
# require(): node.cjs over wasm-bindgen's CommonJS glue, which reads the same .wasm synchronously; its read goes
# through a helper that explains a missing file.
read_line="const wasmBytes = require('fs').readFileSync(wasmPath);"
grep -qF "$read_line" "target/bindgen/nodejs/$name.js" || { echo "build-pkg: the CommonJS glue no longer reads the .wasm with: $read_line" >&2; exit 1; }
# The glue's TextDecoder and TextEncoder come from node:util rather than the globals, which Jest's
# jsdom environment lacks.
{
  echo "const { TextDecoder, TextEncoder } = require('util');"
  sed "s|^$read_line\$|const wasmBytes = readWasmNextToGlue(wasmPath);|" "target/bindgen/nodejs/$name.js"
  cat js/read-wasm.cjs
} > "pkg/dist/$name.cjs"
sed "s/session-credits@0.0.0/session-credits@$version/" js/node.cjs > pkg/dist/node.cjs

# session-credits/sample: the README's studio, as an ES module and as CommonJS.
mkdir -p pkg/sample
node -e '
  const fs = require("fs");
  const studio = JSON.parse(fs.readFileSync("js/sample/studio.json", "utf8"));
  const text = JSON.stringify({ now: studio.now, policy: studio.policy, snapshot: studio.snapshot }, null, 2);
  const freeze = "function deepFreeze(v) { if (v && typeof v === \"object\") { Object.values(v).forEach(deepFreeze); Object.freeze(v); } return v; }\n";
  const head = "// The sample studio of the README (js/sample/studio.json), frozen: copy it to change it.\n";
  fs.writeFileSync("pkg/sample/index.js", head + freeze + "export const sampleStudio = deepFreeze(" + text + ");\n");
  fs.writeFileSync("pkg/sample/index.cjs", head + "\"use strict\";\n" + freeze + "exports.sampleStudio = deepFreeze(" + text + ");\n");
'
cp js/sample/index.d.ts js/sample/index.d.cts pkg/sample/

cp js/index.d.ts pkg/index.d.ts
cp js/index.d.ts pkg/index.d.cts
cp js/init.d.ts js/worker.d.ts js/session_credits_bg.wasm.d.ts js/session_credits_bg.wasm.d.cts pkg/
cp js/README.md pkg/README.md
cp LICENSE pkg/
cp -r docs pkg/docs
# The version, and the repository's address in repository, homepage and bugs, from Cargo.toml.
repository=$(sed -n 's/^repository = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
sed -e "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" -e "s|REPOSITORY|$repository|g" js/package.json > pkg/package.json

raw=$(wc -c < "pkg/dist/${name}_bg.wasm")
gz=$(gzip -9 -c "pkg/dist/${name}_bg.wasm" | wc -c)
echo "pkg/ built: session-credits $version, .wasm $raw bytes raw, $gz bytes gzipped"
