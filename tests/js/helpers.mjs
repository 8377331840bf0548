// Shared by the JS tests: the fixture studio and a context maker.
import { readFileSync } from "node:fs";

export const fixture = JSON.parse(readFileSync(new URL("../fixtures/studio.json", import.meta.url), "utf8"));
export const ctx = (role = "manager", extra = {}) => ({ actor: { id: `u-${role}`, role }, now: fixture.now, ...extra });

/** A Markdown text's fenced blocks in order: { info, code, start, end }. */
export function fencedBlocks(text) {
  const blocks = [];
  const fence = /^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m; (m = fence.exec(text)); ) blocks.push({ info: m[1].trim(), code: m[2], start: m.index, end: m.index + m[0].length });
  return blocks;
}
