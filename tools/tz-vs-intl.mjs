// Lists the zones whose local midnights (2025–2028) differ between the engine's built-in IANA data and
// the host's Intl, e.g. `node tools/tz-vs-intl.mjs` from a folder where session-credits is installed.
import { Engine } from "session-credits";
// For each zone: local midnight of each day's plain-date expiry per the engine (its tzdata) vs Intl's.
const dates = [];
for (let y = 2025; y <= 2028; y++) for (let m = 1; m <= 12; m++) for (const d of [1, 15]) dates.push(`${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`);
function offsetMinutes(zone, ms) {
  const f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
  return (Date.UTC(+p.year, p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - ms) / 60000;
}
const differ = {};
for (const zone of Intl.supportedValuesOf("timeZone")) {
  let e;
  try {
    e = new Engine({ timezone: zone, roles: {} }, { sessionTypes: [{ id: "t", kind: "class" }], clients: [{ id: "c" }],
      credits: dates.map((d, i) => ({ id: "k" + i, clientId: "c", sessionTypeId: "t", source: "purchased", grantedAt: "2020-01-01T00:00:00Z", expiresAt: d, status: "available" })) });
  } catch (err) { differ[zone] = "refused: " + err.message; continue; }
  const credits = e.snapshot().credits;
  const bad = [];
  credits.forEach((c, i) => {
    const ms = Date.parse(c.expiresAt);
    // The engine's instant is the next local midnight after the plain date: Intl's offset there should agree.
    const [y, m, d] = dates[i].split("-").map(Number);
    const localMidnight = Date.UTC(y, m - 1, d + 1);
    const intl = localMidnight - offsetMinutes(zone, ms) * 60000;
    if (intl !== ms) bad.push(`${dates[i]}: engine ${c.expiresAt}, Intl ${new Date(intl).toISOString()}`);
  });
  if (bad.length) differ[zone] = bad.length + " of " + dates.length + ": " + bad.slice(0, 3).join("; ") + " … " + bad.at(-1);
}
console.log(process.versions.tz, JSON.stringify(differ, null, 1));
