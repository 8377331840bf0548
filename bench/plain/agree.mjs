// Checks that the plain-JavaScript version (bench/plain/) does the same work as the engine on the
// benchmark's cases: the same verdicts (ok, issue codes and paths) and the same key numbers
// (credits changed, ledger entries, balances, the credits each booking took). bench/run.mjs runs
// it before timing anything; on its own: node bench/plain/agree.mjs (needs pkg/ and bench/data/).
import { previewChangeCreditType, replay, validateAddCredits } from "./commands.mjs";
import { loadStudio } from "./studio.mjs";

const codes = (list) => list.map((i) => `${i.code}@${i.path}`).sort().join(" ");
const tally = (list) => JSON.stringify(Object.entries(list.reduce((a, i) => ((a[i.code] = (a[i.code] ?? 0) + 1), a), {})).sort());
function same(what, engine, plain) {
  if (engine !== plain) throw new Error(`plain JS disagrees with the engine on ${what}:\n  engine: ${String(engine).slice(0, 400)}\n  plain:  ${String(plain).slice(0, 400)}`);
}
const sameVerdict = (what, e, p) => {
  same(`${what}: ok`, e.ok, p.ok);
  same(`${what}: errors`, codes(e.errors), codes(p.errors));
  same(`${what}: warnings`, codes(e.warnings), codes(p.warnings));
  same(`${what}: items`, JSON.stringify((e.items ?? []).map((i) => [i.id, i.ok])), JSON.stringify((p.items ?? []).map((i) => [i.id, i.ok])));
};

/**
 * `Engine`: the package's class; `texts[n]`: the snapshot texts by size; `cases`: bench/data/cases.json;
 * `bookEntries(tag)`: the replayed book entries; `forms`: the 1,000 addCredits forms validated on
 * the 100k studio. Returns a line per check, throws on a disagreement.
 */
export function checkAgreement({ Engine, policyText, texts, cases, bookEntries, forms }) {
  const report = [];
  // 1. loading: both accept the studios with the same records; both refuse a broken one
  for (const n of Object.keys(texts)) {
    const engine = Engine.fromJson(policyText, texts[n]);
    const studio = loadStudio(policyText, texts[n]);
    same(`load ${n}: credits`, engine.snapshot().credits.length, studio.credits.size);
    engine.free();
  }
  const broken = JSON.parse(texts[1000]);
  broken.credits[1].id = broken.credits[0].id; // a duplicate id
  broken.credits[2].clientId = "nobody"; // an unknown client
  const booked = broken.bookings.find((b) => b.status === "booked" && b.creditId);
  broken.credits.find((k) => k.id === booked.creditId).status = "available"; // an assigned credit that does not point back
  const refusedBy = (load) => { try { load(); return "accepted"; } catch (e) { return codes(e.issues); } };
  const brokenText = JSON.stringify(broken);
  const engineRefusal = refusedBy(() => Engine.fromJson(policyText, brokenText));
  const plainRefusal = refusedBy(() => loadStudio(policyText, brokenText));
  same("a broken snapshot: refused", engineRefusal === "accepted", plainRefusal === "accepted");
  same("a broken snapshot: issue codes", engineRefusal.replace(/@\S+/g, ""), plainRefusal.replace(/@\S+/g, ""));
  report.push(`load: the same records; a broken snapshot refused by both (${engineRefusal})`);

  // 2. validate addCredits: the bench's forms, and a few refused ones
  for (const n of Object.keys(cases.validate)) {
    const engine = Engine.fromJson(policyText, texts[n]);
    const studio = loadStudio(policyText, texts[n]);
    const { command, ctx } = cases.validate[n];
    const forms = [
      command,
      { ...command, quantity: "0", reason: " " },
      { ...command, clientIds: [...command.clientIds, "nobody", command.clientIds[0]] },
      { ...command, sessionTypeId: "barre", expiresAt: "2026-11-01" },
      { ...command, expiresAt: "2026-11-30", valuePerCredit: 1500, extra: true },
    ];
    forms.forEach((form, i) => sameVerdict(`validate ${n} form ${i}`, engine.validate(form, ctx), validateAddCredits(studio, form, ctx)));
    engine.free();
  }
  {
    const engine = Engine.fromJson(policyText, texts[100000]);
    const studio = loadStudio(policyText, texts[100000]);
    const { ctx } = cases.validate[100000];
    let refused = 0;
    for (const [i, form] of forms.entries()) {
      const p = validateAddCredits(studio, form, ctx);
      sameVerdict(`validate 100000, client form ${i}`, engine.validate(form, ctx), p);
      if (!p.ok) refused++;
    }
    report.push(`validate addCredits: the same verdicts on ${Object.keys(cases.validate).length} studios × 5 forms, and on ${forms.length} clients' forms (${refused} refused)`);
    engine.free();
  }

  // 3. preview changeCreditType over 10,000 credits
  {
    const { command, ctx, snapshot } = cases.changeType;
    const engine = Engine.fromJson(policyText, texts[snapshot]);
    const studio = loadStudio(policyText, texts[snapshot]);
    const e = engine.preview(command, ctx);
    const p = previewChangeCreditType(studio, command, ctx);
    sameVerdict("preview changeCreditType", e, p);
    same("preview: counts", JSON.stringify(e.counts), JSON.stringify(p.counts));
    same("preview: ledger", JSON.stringify(e.ledger.map((l) => [l.clientId, l.fromSessionTypeId, l.creditIds])), JSON.stringify(p.ledger.map((l) => [l.clientId, l.fromSessionTypeId, l.creditIds])));
    same("preview: balances", JSON.stringify(e.balances), JSON.stringify(p.balances));
    same("preview: steps", e.steps.length, p.steps.length);
    same("preview: changed", JSON.stringify(e.credits.changed.map((c) => [c.after.id, c.after.sessionTypeId])), JSON.stringify(p.credits.changed.map((c) => [c.after.id, c.after.sessionTypeId])));
    // and refused: an assigned and a used credit among them
    const snap = JSON.parse(texts[snapshot]);
    const bad = { ...command, creditIds: [...command.creditIds.slice(0, 50), snap.credits.find((k) => k.status === "assigned").id, snap.credits.find((k) => k.status === "used").id] };
    sameVerdict("preview changeCreditType, refused", engine.preview(bad, ctx), previewChangeCreditType(studio, bad, ctx));
    report.push(`preview changeCreditType: ${p.counts.creditsChanged} credits changed, ${p.ledger.length} ledger entries, ${p.balances.length} balances, ${tally(p.warnings)} — as the engine`);
    engine.free();
  }

  // 4. replay of book commands: the same verdicts, and each booking paid with the same credits
  {
    const entries = bookEntries("agree");
    const engine = Engine.fromJson(policyText, texts[10000]);
    const studio = loadStudio(policyText, texts[10000]);
    const e = engine.replay(entries);
    const p = replay(studio, entries);
    same("replay: applied", e.applied, p.applied);
    e.results.forEach((r, i) => sameVerdict(`replay entry ${i}`, r, p.results[i]));
    const paid = (bookings) => JSON.stringify(bookings.filter((b) => b.id.startsWith("agree-")).map((b) => [b.id, b.creditIds]));
    same("replay: the credits each booking took", paid(engine.snapshot().bookings), paid([...studio.bookings.values()]));
    // a second pass of the same entries: every commandId is a duplicate now
    same("replay again: refused", engine.replay(entries.slice(0, 5)).refused, replay(studio, entries.slice(0, 5)).refused);
    const unpaid = p.results.filter((r) => r.warnings.some((w) => w.code === "booked_unpaid")).length;
    report.push(`replay book: ${p.applied} applied (${unpaid} unpaid), the same credits taken for every booking — as the engine`);
    engine.free();
  }
  return report;
}

// On its own: the data bench/run.mjs wrote, and the package in pkg/ (or BENCH_PKG).
if (import.meta.url === `file://${process.argv[1]}`) {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const { addCreditsForms, bookCommands } = await import("../workload.mjs");
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "..");
  const pkg = path.resolve(process.env.BENCH_PKG ?? path.join(root, "pkg"));
  const { Engine } = await import(path.join(pkg, "dist", "node.mjs"));
  const data = (f) => fs.readFileSync(path.join(root, "bench", "data", f), "utf8");
  const texts = Object.fromEntries([1000, 10000, 100000].map((n) => [n, data(`snapshot-${n}.json`)]));
  const studio10k = JSON.parse(texts[10000]);
  const bookEntries = (tag) => bookCommands(studio10k, data("now.txt"), tag, 2000).map(([command, ctx]) => ({ command, ctx }));
  const cases = JSON.parse(data("cases.json"));
  const forms = addCreditsForms(JSON.parse(texts[100000]), cases.validate[100000].command, 1000);
  const lines = checkAgreement({ Engine, policyText: data("policy.json"), texts, cases, bookEntries, forms });
  for (const line of lines) console.log(`agree: ${line}`);
}
