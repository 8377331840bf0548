// The "Today" tab: the day's bookings around "now" (studio time), grouped by start time, each with
// client, session type, status and payment, and the front desk's one-click actions: Check in and
// No-show on a booked booking, Undo on an attended or no-show one. Every action opens a dialog that
// shows the engine's preview (steps, warnings, errors) before anything is confirmed: the view
// decides no rule — which bookings may be checked in, when, and what it costs is the engine's answer.

import { h, replace, fmtInstant, localToInstant, instantToLocal, plural } from "../dom.js";
import { S, app, clientName } from "../state.js";
import { actionButton, costLabel, paidWith } from "../fragments.js";
import { checkInForm } from "../forms/checkIn.js";
import { markNoShowForm } from "../forms/markNoShow.js";
import { revertAttendanceForm } from "../forms/revertAttendance.js";

const timeFmt = new Map();
function fmtTime(iso, tz) {
  let f = timeFmt.get(tz);
  if (!f) { f = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeStyle: "short" }); timeFmt.set(tz, f); }
  return f.format(new Date(Date.parse(iso)));
}

/** [start, end) of the studio-local calendar day that holds `now`, as UTC instants. */
function dayBounds(now, tz) {
  const local = instantToLocal(now, tz);
  if (!local) return null;
  const date = local.slice(0, 10);
  const start = localToInstant(`${date}T00:00`, tz);
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  const end = localToInstant(`${d.toISOString().slice(0, 10)}T00:00`, tz);
  return [Date.parse(start), Date.parse(end)];
}

function relative(startMs, nowMs) {
  const min = Math.round((startMs - nowMs) / 60_000);
  if (min === 0) return "starting now";
  const abs = Math.abs(min);
  const txt = abs < 60 ? `${abs} min` : abs % 60 === 0 ? `${abs / 60} h` : `${Math.floor(abs / 60)} h ${abs % 60} min`;
  return min > 0 ? `in ${txt}` : `started ${txt} ago`;
}

export function statusBadge(b) {
  if (b.status === "booked" && !b.creditId) return h("span", { class: "badge s-unpaid" }, "booked: unpaid");
  const label = { lateCancelled: "late-cancelled", noShow: "no-show" }[b.status] || b.status;
  return h("span", { class: `badge s-${b.status}` }, label);
}

/** The front desk's buttons for one booking (also used on the client page). */
export function attendanceActions(b, { primary = true } = {}) {
  const cls = "btn small";
  if (b.status === "booked") {
    return [
      actionButton({ type: "checkIn" }, "Check in", () => checkInForm(b), { class: primary ? cls + " primary" : cls }),
      actionButton({ type: "markNoShow" }, "No-show", () => markNoShowForm(b), { class: cls }),
    ];
  }
  if (b.status === "attended" || b.status === "noShow") {
    return [actionButton({ type: "revertAttendance" }, "Undo", () => revertAttendanceForm(b), { class: cls })];
  }
  return [];
}

export function renderToday(panel) {
  const nowMs = Date.parse(S.now);
  const bounds = Number.isFinite(nowMs) ? dayBounds(S.now, S.tz) : null;
  if (!bounds) {
    replace(panel, h("div", { class: "panel-head" }, h("h2", { id: "today-h" }, "Today")),
      h("p", { class: "inline-error" }, "“Now” is not a valid instant: set it in the header."));
    return;
  }
  const [from, to] = bounds;
  const todays = S.snap.bookings
    .filter((b) => { const t = Date.parse(b.startsAt); return t >= from && t < to; })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || clientName(a.clientId).localeCompare(clientName(b.clientId)) || a.id.localeCompare(b.id));
  const groups = new Map();
  for (const b of todays) {
    if (!groups.has(b.startsAt)) groups.set(b.startsAt, []);
    groups.get(b.startsAt).push(b);
  }
  // labels only: "now" = a session in progress (start ≤ now < start + its type's duration),
  // "next" = the first start after now
  const starts = [...groups.keys()];
  const inProgress = new Set(starts.filter((s) => groups.get(s).some((b) => {
    const t = Date.parse(s);
    return t <= nowMs && nowMs < t + (S.types.get(b.sessionTypeId)?.durationMinutes || 60) * 60_000;
  })));
  const nextStart = starts.find((s) => Date.parse(s) > nowMs) ?? null;
  const open = todays.filter((b) => b.status === "booked").length;

  replace(panel,
    h("div", { class: "panel-head" },
      h("h2", { id: "today-h", tabindex: "-1" }, "Today", h("span", { class: "muted today-date" }, new Intl.DateTimeFormat("en-US", { timeZone: S.tz, dateStyle: "full" }).format(new Date(nowMs)))),
      h("span", { class: "muted", id: "today-count" }, `${plural(todays.length, "booking")} in ${plural(groups.size, "session")} · ${open} still booked`)),
    h("p", { class: "muted small" }, `Studio time (${S.tz}); now is ${fmtTime(S.now, S.tz)}. Check in, No-show and Undo show the engine's preview — what happens to the credit — before you confirm.`),
    todays.length ? starts.map((start) => {
      const list = groups.get(start);
      const tag = inProgress.has(start) ? "now" : start === nextStart ? "next" : Date.parse(start) < nowMs ? "earlier" : "later";
      return h("section", { class: `session-group g-${tag}`, "data-start": start, "aria-label": `Sessions at ${fmtTime(start, S.tz)}` },
        h("h3", { class: "session-time" }, fmtTime(start, S.tz),
          tag === "now" || tag === "next" ? h("span", { class: `chip ${tag === "now" ? "ok" : "info"}` }, tag === "now" ? "now" : "next") : null,
          h("span", { class: "muted small" }, ` ${relative(Date.parse(start), nowMs)} · ${plural(list.length, "booking")}`)),
        h("table", { class: "grid today-table" },
          h("colgroup", null, ["c-client", "c-type", "c-status", "c-paid", "c-actions"].map((c) => h("col", { class: c }))),
          h("thead", null, h("tr", null, ["Client", "Session type", "Status", "Paid", "Actions"].map((x) => h("th", { scope: "col" }, x)))),
          h("tbody", null, list.map((b) => h("tr", { "data-booking": b.id },
            h("td", null, h("button", { type: "button", class: "link", onclick: () => openClientFromToday(b.clientId) }, clientName(b.clientId)),
              h("span", { class: "muted id" }, b.clientId)),
            h("td", { class: "type-cost" }, costLabel(b.sessionTypeId)),
            h("td", null, statusBadge(b)),
            h("td", { class: "nowrap" }, paidWith(b) ? h("span", { class: "paid" }, "paid ", h("span", { class: "mono muted" }, paidWith(b))) : h("span", { class: "warning-text" }, "unpaid")),
            h("td", null, h("div", { class: "row-actions" }, attendanceActions(b))))))));
    }) : h("p", { class: "muted" }, `No bookings on this day (${fmtInstant(S.now, S.tz)}). Set a what-if “now” in the header to preview another day.`));
}

function openClientFromToday(clientId) {
  app.openClient(clientId, { show: true });
}

/** Bring the session in progress (else the next one) into view, e.g. when the tab is opened. */
export function scrollToNow(panel) {
  const g = panel.querySelector(".session-group.g-now") || panel.querySelector(".session-group.g-next");
  g?.scrollIntoView({ block: "start" });
}
