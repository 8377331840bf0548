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
 * Sign-in attempts per key with growing delays: the first `free` failures cost nothing; after
 * that each attempt must wait 1 s, 2 s, 4 s, … (at most `maxDelayMs`) after the previous one.
 * Failures are forgotten `forgetMs` after the last one. An attempt counts from the moment it
 * starts (parallel guesses cannot all slip in before the first one fails); a successful sign-in
 * takes its own attempt back (`forgive`) or clears the key.
 */
export class Backoff {
  constructor({ free, maxDelayMs, forgetMs, clock = Date.now }) {
    Object.assign(this, { free, maxDelayMs, forgetMs, clock });
    this.keys = new Map(); // key -> { failures, last }
  }

  #get(key, now) {
    const k = this.keys.get(key);
    if (k && now - k.last >= this.forgetMs) { this.keys.delete(key); return null; }
    return k || null;
  }

  /** The wait after `failures` failures, in ms (0 while they are free). */
  delay(failures) {
    if (failures < this.free) return 0;
    return Math.min(this.maxDelayMs, 1000 * 2 ** Math.min(failures - this.free, 30));
  }

  /** Seconds until the key may try again, or 0 when it may now. */
  retryAfter(key) {
    const now = this.clock();
    const k = this.#get(key, now);
    if (!k) return 0;
    const wait = k.last + this.delay(k.failures) - now;
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  begin(key) {
    const now = this.clock();
    if (this.keys.size > 50_000) for (const key2 of [...this.keys.keys()]) this.#get(key2, now);
    const k = this.#get(key, now) || { failures: 0, last: now };
    k.failures++;
    k.last = now;
    this.keys.set(key, k);
  }

  clear(key) {
    this.keys.delete(key);
  }

  forgive(key) {
    const k = this.keys.get(key);
    if (k && --k.failures <= 0) this.keys.delete(key);
  }
}

/**
 * Device cookies: a sign-in that succeeds gives the browser a token naming the staff id, signed
 * with the studio's secret (HMAC-SHA-256). Attempts that carry a valid one for the staff id they
 * try are limited on their own, so a stranger's failures elsewhere do not lock the usual device
 * out. Stateless: nothing is stored per device; rotating the secret forgets every device.
 */
export function deviceToken(secret, staffId) {
  const body = Buffer.from(JSON.stringify([staffId, crypto.randomBytes(9).toString("base64url")])).toString("base64url");
  return `${body}.${crypto.createHmac("sha256", secret).update(body).digest("base64url")}`;
}

/** The device's id (for its own limit) when the token is valid for staffId, else null. */
export function deviceOf(secret, token, staffId) {
  if (typeof token !== "string" || token.length > 300) return null;
  const dot = token.indexOf(".");
  if (dot < 0) return null;
  const body = token.slice(0, dot);
  const mac = Buffer.from(token.slice(dot + 1), "base64url");
  const want = crypto.createHmac("sha256", secret).update(body).digest();
  if (mac.length !== want.length || !crypto.timingSafeEqual(mac, want)) return null;
  try {
    const [id, nonce] = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
    return id === staffId ? nonce : null;
  } catch {
    return null;
  }
}
