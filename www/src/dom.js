// Small DOM and time helpers. Everything is built with createElement (no HTML strings), so the
// page works under the strict Content-Security-Policy the server sends.

/** h("div", { class: "x", onclick: fn, "aria-live": "polite" }, child, [children], "text") */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else if (k === "class") el.className = Array.isArray(v) ? v.filter(Boolean).join(" ") : v;
      else if (k === "value") el.value = v;
      else if (k === "checked") el.checked = !!v;
      else if (k === "dataset") Object.assign(el.dataset, v);
      else if (v === true) el.setAttribute(k, "");
      else el.setAttribute(k, String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let idSeq = 0;
export const uid = (p = "id") => `${p}-${++idSeq}`;

// ---- time, in the policy's time zone ------------------------------------------------------------

const fmtCache = new Map();
function dtf(tz, opts) {
  const key = tz + JSON.stringify(opts);
  let f = fmtCache.get(key);
  if (!f) { f = new Intl.DateTimeFormat("en-US", { timeZone: tz, ...opts }); fmtCache.set(key, f); }
  return f;
}

export function fmtInstant(iso, tz) {
  if (!iso) return "—";
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  return dtf(tz, { dateStyle: "medium", timeStyle: "short" }).format(new Date(ms));
}

export function fmtDate(iso, tz) {
  const ms = Date.parse(iso || "");
  if (!Number.isFinite(ms)) return iso || "—";
  return dtf(tz, { dateStyle: "medium" }).format(new Date(ms));
}

/** An expiry instant at local midnight reads better as "end of <previous day>". */
export function fmtExpiry(iso, tz) {
  if (!iso) return "never";
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const p = parts(ms, tz);
  if (p.hour === 0 && p.minute === 0) {
    return "end of " + dtf(tz, { dateStyle: "medium" }).format(new Date(ms - 60_000));
  }
  return fmtInstant(iso, tz);
}

function parts(ms, tz) {
  const out = {};
  for (const p of dtf(tz, { hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(ms))) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return out;
}

function offsetMs(ms, tz) {
  const p = parts(ms, tz);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

export function isoUtc(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** "2026-11-30T10:00" read as wall-clock time in tz → "2026-11-30T15:00:00Z"; "" when unparsable. */
export function localToInstant(local, tz) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local || "");
  if (!m) return "";
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let guess = wall - offsetMs(wall, tz);
  guess = wall - offsetMs(guess, tz);
  return isoUtc(guess);
}

/** instant → "YYYY-MM-DDTHH:MM" wall-clock in tz (for datetime-local inputs). */
export function instantToLocal(iso, tz) {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return "";
  const p = parts(ms, tz);
  const d2 = (n) => String(n).padStart(2, "0");
  return `${p.year}-${d2(p.month)}-${d2(p.day)}T${d2(p.hour % 24)}:${d2(p.minute)}`;
}

export function plural(n, one, many = one + "s") {
  return `${n} ${n === 1 ? one : many}`;
}
