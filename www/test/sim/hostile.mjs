// A hostile account in the simulation (issue 18): staff-1 (role staff: bookings.manage without
// bookings.forgive, at most 5 credits per action), signed in for real, sends its attacks straight
// to the server (not through the faulty network, whose faults would hide the server's answers):
//
//   backdated  cancel or delete a paid booking that starts within the late-cancel window, with a `now`
//              71 hours back (inside the offline window), to escape the forfeit
//   batch15    a batch command of three grants of 5
//   junk       a 1 MiB commandId, 100 KiB of unknown fields, a command nested 10,000 deep, a
//              commandId with a control character
//   flood      1,001 entries in one request
//
// None of them may be accepted; each is answered (no 500, no broken connection) with the status
// it calls for; nothing oversized reaches the database.

import { Database } from "../helpers.mjs";

const HOUR = 3_600_000;
const iso = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
const LATE_WINDOW = 12 * HOUR; // the sample policy's lateCancelWindowMinutes

export class Hostile {
  constructor({ rng, cookie, log }) {
    Object.assign(this, { rng, cookie, log });
    this.sent = 0;
    this.violations = [];
    this.n = 0;
  }

  async attack(server, clock, hot) {
    const kind = this.rng.weighted([["backdated", 4], ["batch15", 2], ["junk", 2], ["flood", 0.5]]);
    const id = () => `hostile-${++this.n}`;
    const now = iso(clock);
    let body, want = 200;
    switch (kind) {
      case "backdated": {
        // the server's own state, not a desk's view that may be behind it: a paid booking, whose
        // late cancellation forfeits its credit and whose deletion needs bookings.forgive (an
        // unpaid one may be deleted at any time: the same outcome at both instants)
        const snap = await server.raw("GET", "/api/snapshot", { headers: { cookie: this.cookie } });
        if (snap.status !== 200) return;
        const soon = snap.json.snapshot.bookings.filter((b) => b.status === "booked" && b.creditId !== null &&
          Date.parse(b.startsAt) > clock && Date.parse(b.startsAt) - clock < LATE_WINDOW);
        const b = this.rng.pick(soon);
        if (!b) return;
        const command = this.rng.chance(0.7) ? { type: "cancelBooking", bookingId: b.id } : { type: "deleteBooking", bookingId: b.id };
        body = { commands: [{ command, ctx: { commandId: id(), now: iso(clock - 71 * HOUR), actor: { id: "own-1", role: "owner" } } }] };
        break;
      }
      case "batch15": {
        const grant = { type: "addCredits", clientIds: [this.rng.pick(hot)], sessionTypeId: "yoga", quantity: 5, reason: "hostile" };
        body = { commands: [{ command: { type: "batch", commands: [grant, grant, grant] }, ctx: { commandId: id(), now } }] };
        break;
      }
      case "junk": {
        const which = this.rng.int(0, 3);
        const ok = { type: "expireCredits" };
        if (which === 2) {
          const deep = "[".repeat(10_000) + "]".repeat(10_000);
          body = `{"commands":[{"command":{"type":"book","x":${deep}},"ctx":{"commandId":"${id()}","now":"${now}"}}]}`;
        } else {
          const entry = [
            { command: ok, ctx: { commandId: "x".repeat(1 << 20), now } },
            { command: { ...ok, junk: "j".repeat(100 * 1024) }, ctx: { commandId: id(), now } },
            null,
            { command: ok, ctx: { commandId: `${id()}\u0007`, now } },
          ][which];
          body = { commands: [entry] };
        }
        break;
      }
      case "flood":
        body = { commands: Array.from({ length: 1001 }, () => ({ command: { type: "expireCredits" }, ctx: { commandId: id(), now } })) };
        want = 413;
        break;
    }
    this.sent++;
    const r = await server.raw("POST", "/api/commands", { headers: { cookie: this.cookie }, body });
    const accepted = r.json?.results?.filter((v) => v.ok) ?? [];
    this.log(`hostile ${kind}: ${r.status}${r.json?.results ? ` ${r.json.results.map((v) => v.errors.map((e) => `${e.code}@${e.path}`).join(",")).join(" ")}` : ` ${r.json?.error ?? r.code ?? ""}`}`);
    if (r.status !== want) this.violations.push(`hostile ${kind}: answered ${r.status}${r.code ? ` (${r.code})` : ""}, expected ${want}`);
    if (accepted.length) this.violations.push(`hostile ${kind}: ${accepted.map((v) => v.commandId).join(", ")} accepted`);
  }

  /** After the run, on the database file. */
  check(dbFile) {
    const db = new Database(dbFile, { readonly: true });
    try {
      const mine = db.prepare("SELECT count(*) FROM commands WHERE staff_id = 'staff-1'").pluck().get();
      if (mine) this.violations.push(`${mine} commands of the hostile account were accepted`);
      const big = db.prepare(`SELECT max(length(command)) AS command, max(length(command_id)) AS id FROM (
        SELECT command, command_id FROM refusals UNION ALL SELECT command, command_id FROM commands)`).get();
      if (big.command > 64 * 1024 || big.id > 64) this.violations.push(`the database holds a command of ${big.command} characters or a commandId of ${big.id}`);
    } finally {
      db.close();
    }
    return ["the hostile account's attacks (back-dated late cancels and deletes, a batch of three fives, oversized or deep entries, 1,001 entries) were each answered and none accepted; nothing oversized stored"];
  }
}
