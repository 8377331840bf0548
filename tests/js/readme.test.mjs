// The package README's code blocks, run against the installed package so that they cannot drift:
// every ```js block runs in Node (as CommonJS when it calls require), and when a ```js answer
// block follows it, what it prints must be that answer. Blocks named after a file (```js app.js,
// ```js vite.config.js) are files the runtime tests use instead (browser.test.mjs, tests/bundlers).
// UPDATE_README_ANSWERS=1 writes the printed answers into js/README.md instead of comparing.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fencedBlocks } from "./helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const installed = join(here, "node_modules", "session-credits");
const sourceReadme = join(here, "..", "..", "js", "README.md");
const readme = readFileSync(join(installed, "README.md"), "utf8");

const blocks = fencedBlocks(readme);
const runnable = blocks.map((b, i) => ({ ...b, answer: blocks[i + 1]?.info === "js answer" ? blocks[i + 1] : null })).filter((b) => b.info === "js");
// Below tests/js/node_modules, so that "session-credits" resolves to the installed tarball.
mkdirSync(join(here, "node_modules", ".readme-blocks"), { recursive: true });
const scratch = mkdtempSync(join(here, "node_modules", ".readme-blocks", "run-"));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

const updates = [];
test.after(() => {
  if (!updates.length) return;
  let text = readFileSync(sourceReadme, "utf8");
  const sourceBlocks = fencedBlocks(text).filter((b) => b.info === "js answer");
  assert.equal(sourceBlocks.length, blocks.filter((b) => b.info === "js answer").length, "js/README.md differs from the installed README: rebuild the package first");
  for (const { index, output } of updates.sort((a, b) => b.index - a.index)) {
    const b = sourceBlocks[index];
    text = text.slice(0, b.start) + "```js answer\n" + output + "```" + text.slice(b.end);
  }
  writeFileSync(sourceReadme, text);
});

test("the README has runnable blocks, each with its answer", () => {
  assert.ok(runnable.length >= 5, `${runnable.length} runnable blocks`);
  for (const b of runnable) assert.ok(b.answer, `a \`\`\`js block has no answer block after it:\n${b.code}`);
});

runnable.forEach((block, i) => {
  const firstLine = block.code.split("\n").find((l) => l.trim() && !l.startsWith("import") && !l.includes("require(")) ?? "";
  test(`README block ${i + 1} runs and prints its answer: ${firstLine.slice(0, 60)}`, () => {
    const file = join(scratch, `block-${i + 1}.${block.code.includes("require(") ? "cjs" : "mjs"}`);
    writeFileSync(file, block.code);
    const r = spawnSync(process.execPath, [file], { encoding: "utf8", cwd: scratch });
    assert.equal(r.status, 0, r.stderr);
    if (process.env.UPDATE_README_ANSWERS) {
      updates.push({ index: blocks.filter((b) => b.info === "js answer").indexOf(block.answer), output: r.stdout });
      return;
    }
    assert.equal(r.stdout, block.answer.code);
  });
});

test("every relative link of the installed README resolves inside the package", () => {
  for (const [, target] of readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
    if (/^[a-z]+:/.test(target)) continue;
    assert.ok(existsSync(join(installed, target)), `the README links ${target}, which the package does not hold`);
  }
});

test("the README's size of the .wasm is the shipped one's, within 5%", async () => {
  const { gzipSync } = await import("node:zlib");
  const wasm = readFileSync(join(installed, "dist", "session_credits_bg.wasm"));
  const m = readme.match(/one `\.wasm` \(about (\d+) KiB, (\d+) KiB gzipped\)/);
  assert.ok(m, "the README no longer says the .wasm's size as `about N KiB, M KiB gzipped`");
  const near = (said, bytes, what) => assert.ok(Math.abs(said * 1024 - bytes) / bytes < 0.05, `the README says ${said} KiB ${what}; it is ${Math.round(bytes / 1024)} KiB`);
  near(Number(m[1]), wasm.length, "raw");
  near(Number(m[2]), gzipSync(wasm, { level: 9 }).length, "gzipped");
});
