// Short messages at the bottom of the page (the newest two, five seconds each), announced politely.

import { h } from "./dom.js";

export const toastRoot = h("div", { class: "toasts", role: "status", "aria-live": "polite" });

export function toast(text, kind = "ok") {
  if (!toastRoot.isConnected) return; // not before the page is built
  const t = h("div", { class: `toast ${kind}` }, text);
  toastRoot.appendChild(t);
  while (toastRoot.children.length > 2) toastRoot.firstChild.remove();
  setTimeout(() => t.remove(), 5000);
}
