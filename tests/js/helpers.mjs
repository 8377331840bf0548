// Shared by the JS tests: the fixture studio and a context maker.
import { readFileSync } from "node:fs";

export const fixture = JSON.parse(readFileSync(new URL("../fixtures/studio.json", import.meta.url), "utf8"));
export const ctx = (role = "manager", extra = {}) => ({ actor: { id: `u-${role}`, role }, now: fixture.now, ...extra });
