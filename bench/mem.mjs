#!/usr/bin/env node
// One memory figure of bench/run.mjs, in a fresh process (wasm linear memory never shrinks):
//   node bench/mem.mjs <snapshot.json> <policy.json> [package dir, default pkg/]
// Prints {"before","after","textBytes","loadMs"} as JSON: wasmMemoryBytes() before and after
// Engine.fromJson of the snapshot text.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [snapshotFile, policyFile, pkgDir = path.join(root, "pkg")] = process.argv.slice(2);
const exp = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).exports["."];
const entry = exp.node?.import ?? exp.import ?? exp.default;
const { Engine, wasmMemoryBytes } = await import(path.join(pkgDir, typeof entry === "string" ? entry : entry.default));
const policy = fs.readFileSync(policyFile, "utf8");
let text = fs.readFileSync(snapshotFile, "utf8");
const textBytes = Buffer.byteLength(text);
const before = wasmMemoryBytes();
const t0 = performance.now();
const engine = Engine.fromJson(policy, text);
const loadMs = performance.now() - t0;
text = null;
const after = wasmMemoryBytes();
const credits = engine.balances({ clientId: "c1" }).length >= 0; // the engine answers
console.log(JSON.stringify({ before, after, textBytes, loadMs, ok: credits }));
engine.free();
