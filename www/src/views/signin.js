// The sign-in form (POST /api/session): staff id and PIN, in a modal dialog that stays until
// someone signs in. A refused PIN, a rate limit (429, with its wait) and a network failure are
// shown in the form; none of them is logged (they are answers, not faults).

import { h, replace } from "../dom.js";
import * as api from "../api.js";

/** Resolves with { id, name, role } once the server accepts a staff id and PIN. */
export function signInDialog({ message, signIn }) {
  return new Promise((resolve) => {
    const staffId = h("input", { id: "staff-id", name: "staffId", autocomplete: "username", required: true, spellcheck: "false", value: localStorage.getItem("sc.lastStaffId") || "" });
    const pin = h("input", { id: "pin", name: "pin", type: "password", inputmode: "numeric", autocomplete: "current-password", required: true });
    const msg = h("p", { class: "msg-slot", id: "signin-msg", role: "alert", "aria-live": "assertive" });
    const submit = h("button", { type: "submit", class: "btn primary", id: "sign-in" }, "Sign in");
    const form = h("form", { class: "action-form signin-form", novalidate: true },
      h("header", { class: "dlg-head" }, h("h2", { id: "signin-title" }, "Sign in to the studio")),
      h("div", { class: "dlg-body single" },
        message ? h("p", { class: "dlg-intro", id: "signin-why" }, message) : null,
        h("div", { class: "field" }, h("label", { for: "staff-id" }, "Staff id"), staffId),
        h("div", { class: "field" }, h("label", { for: "pin" }, "PIN"), pin),
        h("p", { class: "hint" }, "The server judges every queued command as the staff member signed in here; the role shown in the header is your session's.")),
      h("footer", { class: "dlg-foot" }, msg, h("div", { class: "dlg-buttons" }, submit)));
    const dialog = h("dialog", { class: "action-dialog signin", id: "signin", "aria-labelledby": "signin-title" }, form);
    // the dialog stays until someone signs in
    dialog.addEventListener("cancel", (e) => e.preventDefault());
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const id = staffId.value.trim();
      if (!id || !pin.value) { replace(msg, h("span", { class: "msg error" }, "Enter your staff id and PIN.")); return; }
      submit.disabled = true;
      replace(msg, h("span", { class: "muted" }, "Signing in…"));
      try {
        const { data } = await signIn(id, pin.value);
        localStorage.setItem("sc.lastStaffId", id);
        dialog.close();
        dialog.remove();
        resolve(data.staff);
      } catch (e) {
        pin.value = "";
        const text = e instanceof api.Unauthorized ? "Unknown staff id or wrong PIN."
          : e instanceof api.HttpFailure && e.status === 429 ? `Too many attempts: try again in ${e.body?.retryAfter ?? "a few"} seconds.`
          : e instanceof api.Offline ? `${e.message} Signing in needs the server.`
          : e.message || String(e);
        replace(msg, h("span", { class: "msg error", "data-code": e.code || "error" }, text));
        pin.focus();
      } finally {
        submit.disabled = false;
      }
    });
    document.body.appendChild(dialog);
    dialog.showModal();
    (staffId.value ? pin : staffId).focus();
  });
}
