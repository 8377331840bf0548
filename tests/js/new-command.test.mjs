// `make new-command NAME=…` names the files it would write, refuses a bad or taken name, and
// writes nothing on a dry run. (A full run, then gen_types, BLESS and cargo test, was checked
// by hand on a clone: the skeleton compiles and its scenario passes.)
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const repo = normalize(join(dirname(fileURLToPath(import.meta.url)), "..", ".."));
const script = join(repo, "scripts", "new-command.mjs");
const run = (...args) => spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });

test("a dry run lists the row, the module, its declaration, a scenario and the docs, and writes nothing", () => {
  const r = run("freezeClient", "--dry-run");
  assert.equal(r.status, 0, r.stderr);
  const listed = r.stdout.split("\n").filter((l) => l.startsWith("would write ")).map((l) => l.slice(12));
  assert.deepEqual(listed, [
    "src/forms/table.rs",
    "src/commands/freeze_client.rs",
    "src/commands/mod.rs",
    "tests/scenarios/freeze-client.json",
    "docs/commands.md",
  ]);
  assert.ok(!existsSync(join(repo, "src/commands/freeze_client.rs")));
});

test("a name that is not camelCase, or a command that exists, is refused with exit 2", () => {
  for (const args of [["Freeze-Client"], [""], ["book"]]) {
    const r = run(...args, "--dry-run");
    assert.equal(r.status, 2, `${args}: ${r.stdout}`);
    assert.match(r.stderr, /^new-command: /);
  }
});
