#!/usr/bin/env node
// make new-command NAME=fooBar — the skeleton of a new command, written where each piece belongs:
//   src/forms/table.rs        its row of the command table (before batch): fields, permissions, reason, ledger
//   src/commands/foo_bar.rs   its module: `run` receives the typed input the row declares
//   src/commands/mod.rs       the module declared
//   tests/scenarios/foo-bar.json  a first scenario, run by `cargo test --test scenarios`
//   docs/commands.md          its section, with the generated block the table fills in
// Then: fill in the row and the rules, `cargo run --example gen_types` (js/index.d.ts) and
// `BLESS=1 cargo test --test forms` (docs/commands.md). `--dry-run` lists the files and writes nothing.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
const name = args.find((a) => !a.startsWith("--")) ?? "";

function fail(message) {
  console.error(`new-command: ${message}`);
  process.exit(2);
}

if (!/^[a-z][a-zA-Z0-9]{1,40}$/.test(name)) {
  fail(`NAME must be a command type in camelCase, like holdMembership (got "${name}")`);
}
const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const kebab = snake.replaceAll("_", "-");
const pascal = name[0].toUpperCase() + name.slice(1);

const paths = {
  table: join(root, "src/forms/table.rs"),
  module: join(root, `src/commands/${snake}.rs`),
  modules: join(root, "src/commands/mod.rs"),
  scenario: join(root, `tests/scenarios/${kebab}.json`),
  docs: join(root, "docs/commands.md"),
};

const table = readFileSync(paths.table, "utf8");
if (table.includes(`= "${name}" =>`)) fail(`${name} is in the command table already`);
if (existsSync(paths.module)) fail(`${paths.module} exists already`);
if (existsSync(paths.scenario)) fail(`${paths.scenario} exists already`);

// The table's rows are indented 12 spaces; batch stays last.
const batchRow = table.indexOf('            "Several commands, in order, all or nothing."');
if (batchRow < 0) fail("the batch row of src/forms/table.rs was not found");
const row = `            "TODO: what ${name} does, in one sentence."
            ${pascal} = "${name}" => ${snake} {
                // TODO: the permissions it needs (none: any role may run it).
                permits: [],
                reason: None,
                ledger: [],
                fields: {
                }
            }
`;

const module = `//! ${name} — TODO: what it does, and the article its rules come from.
use super::Cx;
use crate::forms::inputs::${pascal};

pub fn run(cx: &mut Cx, input: ${pascal}) {
    // Read each field when the rules get to it (\`input.<field>.read(&mut cx.issues)\`), check the
    // rules against \`cx.draft\`, and change the draft only when there is no error.
    let _ = (cx, input);
}
`;

const modules = readFileSync(paths.modules, "utf8");
const declared = modules.split("\n");
const line = `pub(crate) mod ${snake};`;
const firstMod = declared.findIndex((l) => l.startsWith("pub(crate) mod "));
let at = firstMod;
while (at < declared.length && declared[at].startsWith("pub(crate) mod ") && declared[at] < line) at++;
declared.splice(at, 0, line);

const scenario = `[
  { "name": "${name}: TODO, the first rule it keeps",
    "steps": [{ "call": "validate", "command": { "type": "${name}" },
      "expect": { "ok": true } }] }
]
`;

const docs = readFileSync(paths.docs, "utf8");
const batchSection = docs.indexOf("## batch\n");
if (batchSection < 0) fail("the batch section of docs/commands.md was not found");
const section = `## ${name}

<!-- generated from the command table (${name}): \`BLESS=1 cargo test --test forms\` writes it -->
<!-- end of generated -->

TODO: what it does, its rules, and its issue codes.

`;

const writes = [
  [paths.table, table.slice(0, batchRow) + row + table.slice(batchRow)],
  [paths.module, module],
  [paths.modules, declared.join("\n")],
  [paths.scenario, scenario],
  [paths.docs, docs.slice(0, batchSection) + section + docs.slice(batchSection)],
];
for (const [path, text] of writes) {
  if (!dryRun) writeFileSync(path, text);
  console.log(`${dryRun ? "would write" : "wrote"} ${path.slice(root.length + 1)}`);
}
console.log(`next: fill in the row and the rules, then
  cargo run --example gen_types          # js/index.d.ts
  BLESS=1 cargo test --test forms        # docs/commands.md
  cargo test                             # the scenario file runs with the others`);
