// Credit values in the policy's currency (revision 3). The engine keeps values in minor units
// (cents for USD); the dashboard shows them with Intl.NumberFormat and takes "value per credit"
// in major units (25.00), converted here with the currency's own number of fraction digits.

import { S } from "./state.js";

const cache = new Map();
function formatter(currency) {
  let f = cache.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat("en-US", { style: "currency", currency });
    } catch {
      f = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });
    }
    cache.set(currency, f);
  }
  return f;
}

export const currency = () => S.policy?.currency || "USD";

/** Fraction digits of the policy's currency: 2 for USD, 0 for JPY. */
export function minorDigits() {
  return formatter(currency()).resolvedOptions().maximumFractionDigits;
}

/** Minor units (number or bigint) → "$25.00"; null → "—". */
export function money(minor) {
  if (minor === null || minor === undefined) return "—";
  return formatter(currency()).format(Number(minor) / 10 ** minorDigits());
}

/** A change in minor units, signed: "+$50.00", "−$20.00", "$0.00". */
export function moneyChange(minor) {
  const n = Number(minor || 0);
  return n > 0 ? `+${money(n)}` : n < 0 ? `−${money(-n)}` : money(0);
}

/**
 * The text of a "value per credit" field (major units, e.g. "25" or "25.50") → what the engine
 * takes (minor units): a whole number when the text is one, else the text itself for the engine
 * to refuse under the field; undefined when blank (no value tracked).
 */
export function toMinor(text) {
  const t = String(text ?? "").trim().replace(/^[$€£]/, "").replace(/,/g, "");
  if (!t) return undefined;
  if (!/^\d+(\.\d*)?$/.test(t)) return t;
  const [whole, frac = ""] = t.split(".");
  const d = minorDigits();
  if (frac.length > d) return t;
  return Number(whole) * 10 ** d + Number((frac + "0".repeat(d)).slice(0, d) || 0);
}
