// The simulated network between the front desks and the real server: real HTTP to 127.0.0.1,
// with faults decided per request from the PRNG.
//
//   drop      the request never leaves: the client sees a network error, the server nothing
//   lose      the request reaches the server and is handled; its answer is lost
//   duplicate the request is sent twice, one after the other; the client gets one of the answers
//   delay     the request is held in the network and the client gives up on it (a timeout); it
//             reaches the server later, at a step the PRNG picks, in any order with other held
//             ones (its answer goes nowhere)
//   down      the server is not running: connection refused
//   killMid   (asked for by the world) the server is killed with SIGKILL while the request is in
//             flight; the client sees the connection reset
//   crash     (the world's SERVER_CRASH_AFTER_COMMITS) the server kills itself after its n-th commit,
//             in the middle of a batch; the client sees the connection reset
//
// Every request is awaited before the next one starts, so the order of events is the PRNG's, not
// the scheduler's (a SIGKILL mid-request is the one place where timing decides how much of a
// batch was committed).

export class NetError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

const TIMEOUT_MS = 15_000;

export class Network {
  /**
   * @param {import("./prng.mjs").Rng} rng
   * @param {Record<"GET" | "POST", { drop: number, lose: number, duplicate: number, delay: number }>} p  per-request probabilities
   * @param {{ server: () => import("../helpers.mjs").Server | null, killMid: (req: Promise<unknown>) => Promise<void> }} world
   */
  constructor(rng, p, world) {
    this.rng = rng;
    this.p = p;
    this.world = world;
    this.faulty = true;
    this.held = [];
    this.killMidNext = false;
    this.counts = { requests: 0, posts: 0, drop: 0, lose: 0, duplicate: 0, delay: 0, deliveredLate: 0, heldLost: 0, down: 0, killMid: 0, transportErrors: 0 };
  }

  /** One HTTP exchange, straight to the current server (no faults). */
  async #send(req) {
    const server = this.world.server();
    if (!server) {
      this.counts.down++;
      throw new NetError("down", "connection refused (server down)");
    }
    const headers = { cookie: req.cookie };
    if (req.body !== undefined) headers["content-type"] = "application/json";
    let res, text;
    try {
      res = await fetch(server.base + req.path, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      text = await res.text();
    } catch (e) {
      this.counts.transportErrors++;
      await this.world.transportError?.();
      throw new NetError("transport", `transport error: ${e?.cause?.code || e?.name || e}`);
    }
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, json, text };
  }

  /**
   * What a client's fetch goes through.
   * @param {{ method: string, path: string, body?: unknown, cookie: string, who: string }} req
   */
  async request(req) {
    this.counts.requests++;
    if (req.method === "POST") this.counts.posts++;
    if (this.killMidNext && req.method === "POST") {
      this.killMidNext = false;
      this.counts.killMid++;
      const inFlight = this.#send(req).catch((e) => e);
      await this.world.killMid(inFlight);
      await inFlight;
      throw new NetError("killMid", "connection reset (server killed mid-request)");
    }
    if (!this.faulty) return this.#send(req);
    const what = `${req.who} ${req.method} ${req.path}${req.body?.commands ? ` [${req.body.commands.map((e) => e.ctx.commandId).join(" ")}]` : ""}`;
    const p = this.p[req.method] ?? this.p.GET;
    const fault = this.rng.weighted([
      ["none", 1 - p.drop - p.lose - p.duplicate - p.delay],
      ["drop", p.drop], ["lose", p.lose], ["duplicate", p.duplicate], ["delay", p.delay],
    ]);
    if (fault !== "none") this.world.log?.(`net: ${fault} ${what}`);
    switch (fault) {
      case "drop":
        this.counts.drop++;
        throw new NetError("drop", "network error (request dropped)");
      case "lose":
        this.counts.lose++;
        await this.#send(req).catch(() => {});
        throw new NetError("lose", "network error (answer lost)");
      case "duplicate": {
        this.counts.duplicate++;
        const first = await this.#send(req).catch((e) => e);
        const second = await this.#send(req).catch((e) => e);
        const chosen = this.rng.chance(0.5) ? first : second;
        if (chosen instanceof Error) throw chosen;
        return chosen;
      }
      case "delay":
        this.counts.delay++;
        this.held.push(req);
        throw new NetError("delay", "timeout (request held in the network)");
      default:
        return this.#send(req);
    }
  }

  /** A held request reaches the server now (which one: the PRNG's choice, so they reorder). */
  async deliverOne() {
    if (!this.held.length) return null;
    const i = this.rng.int(0, this.held.length - 1);
    const [req] = this.held.splice(i, 1);
    try {
      const r = await this.#send(req);
      this.counts.deliveredLate++;
      return { req, status: r.status };
    } catch {
      this.counts.heldLost++;
      return { req, status: null };
    }
  }

  async deliverAll() {
    const out = [];
    while (this.held.length) out.push(await this.deliverOne());
    return out;
  }
}
