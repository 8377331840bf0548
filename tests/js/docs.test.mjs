// Links of the docs: the repository README links only into the repository, and the docs the
// package ships link only to each other, so that none is dead inside node_modules.
import test from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = normalize(join(here, "..", ".."));
const installed = join(here, "node_modules", "session-credits");

function relativeLinks(file) {
  const text = readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !t.startsWith("#"));
}

function assertLinksStayIn(file, root) {
  for (const link of relativeLinks(file)) {
    assert.ok(!/^[a-z]+:/i.test(link), `${relative(repo, file)} links outside: ${link}`);
    const target = normalize(join(dirname(file), link.replace(/#.*/, "")));
    assert.ok(target.startsWith(root), `${relative(repo, file)} links ${link}, outside ${relative(repo, root) || "the repository"}`);
    assert.ok(existsSync(target), `${relative(repo, file)} links ${link}, which does not exist`);
  }
}

test("the repository README links only to files of the repository", () => {
  assertLinksStayIn(join(repo, "README.md"), repo);
});

test("the docs the package ships link only to each other", () => {
  const docs = join(installed, "docs");
  const files = readdirSync(docs).filter((f) => f.endsWith(".md"));
  assert.ok(files.length >= 8, files.join());
  for (const f of files) assertLinksStayIn(join(docs, f), docs);
});
