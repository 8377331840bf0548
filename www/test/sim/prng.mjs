// A small seeded PRNG for the simulation (mulberry32: 32-bit state, good enough to pick faults and
// commands; never Math.random, never the clock). `fork(label)` gives an independent stream, so
// the network's draws do not shift the commands' draws when a fault is added or removed.

// The same generator as the sample studio's (one implementation).
import { mulberry32 } from "../../../tools/gen-studio.mjs";
export { mulberry32 };

/** FNV-1a of a string, 32 bits: seeds forked streams and digests the run's trace. */
export function fnv1a(text, h = 0x811c9dc5) {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Rng {
  constructor(seed) {
    this.seed = seed >>> 0;
    this.next = mulberry32(this.seed);
  }
  fork(label) {
    return new Rng(fnv1a(label, this.seed ^ 0x9e3779b9));
  }
  /** true with probability p */
  chance(p) {
    return this.next() < p;
  }
  /** integer in [lo, hi] */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick(list) {
    return list.length ? list[Math.floor(this.next() * list.length)] : undefined;
  }
  /** [[value, weight], …] → a value */
  weighted(pairs) {
    const total = pairs.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [v, w] of pairs) {
      if ((r -= w) < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }
  /** k distinct elements of list, in a random order */
  sample(list, k) {
    const a = [...list];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, k);
  }
}
