// The `book` commands the replay and apply figures run (bench/run.mjs, bench/plain/agree.mjs):
// `count` bookings spread over the studio's clients, its active types and the coming weeks.
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
