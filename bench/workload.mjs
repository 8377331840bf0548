// Commands the benchmark runs, shared by bench/run.mjs and bench/plain/agree.mjs.

/** `count` `book` commands spread over the studio's clients, its active types and the coming weeks. */
export function bookCommands(studio, now, tag, count) {
  const nowMs = Date.parse(now);
  const types = studio.sessionTypes.filter((t) => t.active !== false).map((t) => t.id);
  const clients = studio.clients.map((c) => c.id);
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const startsAt = new Date(nowMs + (24 + (i % 700)) * 3_600_000).toISOString().replace(".000Z", "Z");
    out[i] = [
      { type: "book", clientId: clients[(i * 7) % clients.length], sessionTypeId: types[i % types.length], startsAt },
      { actor: { id: "u-desk", role: "frontdesk" }, now, commandId: `${tag}-${i}` },
    ];
  }
  return out;
}

/**
 * `count` addCredits forms like `base` (cases.json's validate form), each for another client spread
 * over the studio: whatever their memberships say, so some are refused (no membership that
 * qualifies, a type not eligible).
 */
export function addCreditsForms(studio, base, count) {
  const clients = studio.clients;
  const step = Math.max(1, Math.floor(clients.length / count));
  return Array.from({ length: count }, (_, i) => ({ ...base, clientIds: [clients[(i * step + 3) % clients.length].id] }));
}
