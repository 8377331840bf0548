// Staff PINs, session tokens and sign-in rate limits (node:crypto only).

import crypto from "node:crypto";
import { promisify } from "node:util";

const scrypt = promisify(crypto.scrypt);
// N = 2^14 (16 MiB, Node's default cost): 180 ms per hash on this shared machine under load. A
// 4-digit PIN is weak whatever the hash: the rate limit is what protects it; the salted hash keeps
// a leaked database file from listing the PINs at a glance.
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LEN = 32;

export async function hashPin(pin) {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(String(pin).normalize("NFC"), salt, KEY_LEN, SCRYPT);
  return { salt, hash };
}

export async function pinMatches(pin, salt, hash) {
  const got = await scrypt(String(pin).normalize("NFC"), salt, KEY_LEN, SCRYPT);
  return got.length === hash.length && crypto.timingSafeEqual(got, hash);
}

// Unknown staff ids cost a hash too, so timing does not tell which ids exist.
const DUMMY = { salt: crypto.randomBytes(16), hash: crypto.randomBytes(KEY_LEN) };
export const dummyCredentials = () => DUMMY;

export function newSessionToken() {
  return crypto.randomBytes(32).toString("base64url");
}

export function tokenHash(token) {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/**
 * At most `max` attempts per key within `windowMs`. An attempt counts from the moment it starts
 * (so parallel guesses cannot all slip in before the first one fails); a successful sign-in
 * takes its own attempt back, or clears the key.
 */
export class AttemptLimiter {
  constructor({ max, windowMs, clock = Date.now }) {
    this.max = max;
    this.windowMs = windowMs;
    this.clock = clock;
    this.attempts = new Map(); // key -> start times, oldest first
  }

  #recent(key, now) {
    const list = this.attempts.get(key);
    if (!list) return [];
    while (list.length && list[0] <= now - this.windowMs) list.shift();
    if (!list.length) this.attempts.delete(key);
    return list;
  }

  /** Seconds until the key may try again, or 0 when it may now. */
  retryAfter(key) {
    const now = this.clock();
    const list = this.#recent(key, now);
    if (list.length < this.max) return 0;
    return Math.max(1, Math.ceil((list[list.length - this.max] + this.windowMs - now) / 1000));
  }

  begin(key) {
    const now = this.clock();
    if (this.attempts.size > 10_000) for (const k of [...this.attempts.keys()]) this.#recent(k, now);
    const list = this.#recent(key, now);
    list.push(now);
    this.attempts.set(key, list);
    return now;
  }

  clear(key) {
    this.attempts.delete(key);
  }

  /** Takes back the attempt started at `startedAt`. */
  forgive(key, startedAt) {
    const list = this.attempts.get(key);
    if (!list) return;
    const i = list.indexOf(startedAt);
    if (i >= 0) list.splice(i, 1);
    if (!list.length) this.attempts.delete(key);
  }
}
