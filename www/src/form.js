// A modal action form that asks the engine on every keystroke.
//
// Each input event rebuilds the command from the form and calls `engine.preview(command, ctx)`
// (which validates too). Every issue is placed by its `path`: the first segment names the field
// (`quantity`, `reason`, `expiresAt`, `toSessionTypeId`, `days`…), a second one the item of a list
// field (`clientIds.3`, `creditIds.2`); anything else (`""`, `actor.role`, `now`) speaks for the whole
// form. Errors are red, warnings amber; each message region is tied to its input with
// aria-describedby and announced through aria-live.

import { h, replace, uid, instantToLocal } from "./dom.js";
import { S } from "./state.js";

/**
 * @param {object} app  { engine, ctx(): Context, apply(command, label): Promise<result> }
 * @param {object} spec { title, intro?, fields, build(values), renderPreview?(preview, values, command),
 *                        confirmLabel, danger?, onDone?(result),
 *                        previewOptions?, applyOptions?: object | (values) => object  (e.g. { detail: "summary" }) }
 * A field may have `showIf(values)`: hidden (and its issues with it) while that is false.
 */
export function openForm(app, spec) {
  // Edit of a queued command (edit.js): the fields start from the command; saving replaces it
  const editing = app.editing || null;
  app.editing = null;
  let saved = false;
  if (editing) {
    spec = { ...spec, title: `Edit queued: ${spec.title}`, confirmLabel: "Save to the queue",
      fields: spec.fields.map((f) => prefill(f, editing.command)) };
  }
  const dialog = h("dialog", { class: "action-dialog", "aria-labelledby": "dlg-title" });
  const touched = new Set();
  const fieldEls = new Map(); // name -> { wrap, input(s), msgs, field }
  let lastPreview = null;

  const form = h("form", { class: "action-form", novalidate: true });
  const header = h("header", { class: "dlg-head" },
    h("h2", { id: "dlg-title" }, spec.title),
    h("button", { type: "button", class: "icon-btn", "aria-label": "Close", onclick: () => close() }, "×"));
  form.appendChild(header);
  if (spec.intro) form.appendChild(h("p", { class: "dlg-intro" }, spec.intro));

  const body = h("div", { class: "dlg-body" });
  const fieldsCol = h("div", { class: "dlg-fields" });
  const previewCol = h("section", { class: "dlg-preview", "aria-label": "Preview", "aria-live": "polite" });
  body.append(fieldsCol, previewCol);
  form.appendChild(body);

  for (const f of spec.fields) {
    const built = buildField(f, () => { touched.add(f.name); refresh(); });
    fieldEls.set(f.name, built);
    fieldsCol.appendChild(built.wrap);
    if (["select", "list", "checkbox", "choice", "radio", "multi"].includes(f.kind) || f.showAtOnce) touched.add(f.name);
  }

  const formMsgs = h("div", { class: "form-msgs", role: "status", "aria-live": "polite" });
  const confirm = h("button", { type: "submit", class: spec.danger ? "btn danger" : "btn primary", "data-testid": "confirm" }, spec.confirmLabel || "Confirm");
  const footer = h("footer", { class: "dlg-foot" }, formMsgs,
    h("div", { class: "dlg-buttons" },
      h("button", { type: "button", class: "btn", onclick: () => close() }, "Cancel"),
      confirm));
  form.appendChild(footer);
  dialog.appendChild(form);

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const values = readValues();
    const command = spec.build(values);
    const pv = refresh();
    if (!pv || !pv.ok) {
      for (const f of spec.fields) touched.add(f.name);
      refresh();
      const firstBad = fieldsCol.querySelector("[aria-invalid='true']");
      if (firstBad) firstBad.focus();
      return;
    }
    confirm.disabled = true;
    try {
      const result = await app.apply(command, editing ? editing.label || spec.title.replace(/^Edit queued: /, "") : spec.title,
        optionsFor(spec.applyOptions ?? spec.previewOptions, values), editing || undefined);
      if (result.ok) {
        saved = true;
        close();
        spec.onDone?.(result);
      } else {
        showIssues(result, true);
      }
    } finally {
      confirm.disabled = !!app.whatIf?.();
    }
  });

  dialog.addEventListener("close", () => {
    dialog.remove();
    if (editing && !saved) app.endEdit?.();
  });
  document.body.appendChild(dialog);
  dialog.showModal();
  refresh();
  const first = fieldsCol.querySelector("input:not([disabled]), select, textarea");
  if (first) first.focus();

  function close() {
    if (dialog.open) dialog.close();
  }

  function readValues() {
    const v = {};
    for (const [name, fe] of fieldEls) v[name] = fe.read();
    return v;
  }

  function refresh() {
    const values = readValues();
    let command;
    try {
      command = spec.build(values);
    } catch (e) {
      replace(formMsgs, h("p", { class: "msg error" }, String(e.message || e)));
      return null;
    }
    for (const [, fe] of fieldEls) fe.wrap.hidden = fe.field.showIf ? !fe.field.showIf(values) : false;
    const pv = app.engine.preview(command, app.ctx(), optionsFor(spec.previewOptions, values));
    lastPreview = pv;
    showIssues(pv, false);
    replace(previewCol, renderPreviewBlock(pv, values, command));
    return pv;
  }

  function showIssues(pv, all) {
    const perField = new Map();
    const formLevel = [];
    for (const [sev, list] of [["error", pv.errors || []], ["warning", pv.warnings || []]]) {
      for (const issue of list) {
        const name = fieldFor(issue.path);
        if (name) {
          if (!perField.has(name)) perField.set(name, []);
          perField.get(name).push({ sev, issue });
        } else formLevel.push({ sev, issue });
      }
    }
    for (const [name, fe] of fieldEls) {
      const show = all || touched.has(name);
      const list = perField.get(name) || [];
      fe.setIssues(show ? list : [], list);
    }
    const hidden = [];
    for (const [name, list] of perField) if (!(all || touched.has(name))) for (const x of list) if (x.sev === "error") hidden.push({ name, ...x });
    const errCount = (pv.errors || []).length;
    const whatIf = app.whatIf?.() || null;
    confirm.disabled = !!whatIf;
    confirm.textContent = whatIf ? "What-if: not queued" : spec.confirmLabel || "Confirm";
    replace(formMsgs,
      whatIf ? h("p", { class: "msg whatif", "data-testid": "whatif" }, whatIf) : null,
      formLevel.map(({ sev, issue }) => msgEl(sev, issue)),
      hidden.length ? h("p", { class: "msg pending" }, `Still to fill in: ${[...new Set(hidden.map((x) => labelOf(x.name)))].join(", ")}.`) : null,
      pv.ok ? h("p", { class: "msg ok" }, "Ready. Nothing has been changed yet.")
        : h("p", { class: "msg summary" }, `${errCount} ${errCount === 1 ? "problem" : "problems"} to fix before confirming.`));
  }

  function labelOf(name) {
    return spec.fields.find((f) => f.name === name)?.label || name;
  }

  function fieldFor(path) {
    if (!path) return null;
    const head = String(path).split(".")[0];
    for (const f of spec.fields) {
      if (f.name === head || (f.paths && f.paths.includes(head))) return f.name;
    }
    return null;
  }

  function renderPreviewBlock(pv, values, command) {
    const out = [];
    out.push(h("h3", null, "Preview"));
    if (spec.renderPreview) out.push(spec.renderPreview(pv, values, command));
    if (pv.ok && pv.steps && pv.steps.length) {
      out.push(h("h4", null, "What will happen"),
        h("ol", { class: "steps", "data-testid": "steps" }, pv.steps.map((s) => h("li", null, s))));
    }
    return out;
  }

  return { dialog, refresh, get preview() { return lastPreview; } };
}

/** A field's starting value from a queued command (Edit): its `fromCommand`, or the command's key. */
function prefill(f, command) {
  let v = f.fromCommand ? f.fromCommand(command) : undefined;
  if (v === undefined && !f.fromCommand && Object.hasOwn(command, f.name) && f.kind !== "list" && f.kind !== "choice") {
    const raw = command[f.name];
    if (f.kind === "checkbox") v = !!raw;
    else if (f.kind === "datetime") v = instantToLocal(raw, S.tz) || String(raw ?? "");
    else if (raw !== null && typeof raw !== "object") v = String(raw);
  }
  if (v === undefined) return f;
  const g = { ...f, value: v };
  // a value no longer offered (e.g. a credit that is not available now) stays selectable, marked
  if ((f.kind === "select" || f.kind === "radio") && !f.options.some((o) => o.value === v)) {
    g.options = [...f.options, { value: v, label: `${v} (as queued)` }];
  }
  return g;
}

/** `previewOptions` / `applyOptions` of a spec: an options object, or a function of the values. */
function optionsFor(opt, values) {
  return typeof opt === "function" ? opt(values) : opt || undefined;
}

export function msgEl(sev, issue, prefix) {
  return h("p", { class: `msg ${sev}`, "data-code": issue.code },
    h("span", { class: "msg-tag" }, sev === "error" ? "Error" : "Warning"),
    " ", prefix ? h("strong", null, prefix + ": ") : null, issue.message);
}

// ---- fields ---------------------------------------------------------------------------------------

function buildField(f, onInput) {
  const id = uid("f-" + f.name);
  const msgId = id + "-msg";
  const hintId = id + "-hint";
  const describedBy = [f.hint ? hintId : null, msgId].filter(Boolean).join(" ");
  const msgs = h("div", { class: "field-msgs", id: msgId, "aria-live": "polite" });
  const hint = f.hint ? h("p", { class: "hint", id: hintId }, f.hint) : null;
  const wrap = h("div", { class: "field", "data-field": f.name });
  const put = (...nodes) => wrap.append(...nodes.filter(Boolean));
  let read;
  let inputs = [];
  let itemMsgs = null;
  let itemAt = (i) => itemMsgs?.[i]; // the message slot of a list item (`creditIds.2`)

  if (f.kind === "select") {
    const sel = h("select", { id, name: f.name, "aria-describedby": describedBy, onchange: onInput, oninput: onInput },
      f.options.map((o) => h("option", { value: o.value, disabled: o.disabled }, o.label)));
    sel.value = f.value ?? "";
    inputs = [sel];
    read = () => sel.value;
    put(h("label", { for: id }, f.label), sel, hint, msgs);
  } else if (f.kind === "radio") {
    // one value out of a few (e.g. transfer the checked credits / by type and quantity)
    const fs = h("fieldset", { class: "choice", "aria-describedby": describedBy });
    fs.appendChild(h("legend", null, f.label));
    const radios = f.options.map((opt) => {
      const rid = uid("r-" + f.name);
      const r = h("input", { type: "radio", id: rid, name: id, value: opt.value, onchange: onInput, disabled: opt.disabled });
      r.checked = opt.value === f.value;
      fs.appendChild(h("div", { class: "choice-row" }, r, h("label", { for: rid }, opt.label)));
      return r;
    });
    inputs = radios;
    read = () => radios.find((x) => x.checked)?.value ?? null;
    put(fs, hint, msgs);
  } else if (f.kind === "textarea") {
    const ta = h("textarea", { id, name: f.name, rows: 2, "aria-describedby": describedBy, oninput: onInput, placeholder: f.placeholder });
    ta.value = f.value ?? "";
    inputs = [ta];
    read = () => ta.value;
    put(h("label", { for: id }, f.label), ta, hint, msgs);
  } else if (f.kind === "checkbox") {
    const cb = h("input", { type: "checkbox", id, name: f.name, "aria-describedby": describedBy, onchange: onInput, disabled: f.disabled });
    cb.checked = !!f.value;
    inputs = [cb];
    read = () => cb.checked;
    wrap.classList.add("field-check");
    put(h("div", { class: "check-row" }, cb, h("label", { for: id }, f.label)), hint, msgs);
  } else if (f.kind === "choice") {
    // a radio group choosing between alternative sub-inputs, e.g. extend by days / to a date
    const fs = h("fieldset", { class: "choice", "aria-describedby": describedBy });
    fs.appendChild(h("legend", null, f.label));
    const radios = [];
    const subs = new Map();
    for (const opt of f.options) {
      const rid = uid("r-" + f.name);
      const r = h("input", { type: "radio", id: rid, name: id, value: opt.value, onchange: () => { syncDisabled(); onInput(); } });
      r.checked = opt.value === f.value;
      radios.push(r);
      const sid = uid("s-" + f.name);
      const sub = h("input", { id: sid, type: opt.type || "text", inputmode: opt.inputmode, "aria-label": opt.subLabel, "aria-describedby": msgId, oninput: onInput });
      sub.value = opt.initial ?? "";
      subs.set(opt.value, sub);
      fs.appendChild(h("div", { class: "choice-row" }, r, h("label", { for: rid }, opt.label), sub));
    }
    const syncDisabled = () => { for (const r of radios) subs.get(r.value).disabled = !r.checked; };
    syncDisabled();
    inputs = [...radios, ...subs.values()];
    read = () => {
      const r = radios.find((x) => x.checked);
      return r ? { choice: r.value, value: subs.get(r.value).value } : { choice: null, value: "" };
    };
    put(fs, hint, msgs);
  } else if (f.kind === "multi") {
    // several of a few (e.g. the credits paying a session that costs more than one): checkboxes;
    // item issues (`creditIds.1`) show next to the item
    itemMsgs = [];
    const fs = h("fieldset", { class: "choice multi", "aria-describedby": describedBy });
    fs.appendChild(h("legend", null, f.label));
    const picked = new Set(f.value || []);
    const boxes = f.options.map((opt) => {
      const cid = uid("m-" + f.name);
      const cb = h("input", { type: "checkbox", id: cid, value: opt.value, onchange: onInput });
      cb.checked = picked.has(opt.value);
      const m = h("span", { class: "item-msgs" });
      itemMsgs.push(m);
      fs.appendChild(h("div", { class: "choice-row", "data-value": opt.value }, cb, h("label", { for: cid }, opt.label), m));
      return cb;
    });
    inputs = boxes;
    // the checked ones, in the order shown; `creditIds.N` is the N-th checked box
    read = () => boxes.filter((b) => b.checked).map((b) => b.value);
    itemAt = (i) => itemMsgs[boxes.map((b, j) => (b.checked ? j : -1)).filter((j) => j >= 0)[i]];
    put(fs, hint, msgs);
  } else if (f.kind === "list") {
    // read-only list of ids (the selected clients or credits); item issues show next to each item
    itemMsgs = [];
    const ul = h("ul", { class: "id-list", id, "aria-describedby": describedBy });
    f.items.forEach((it, i) => {
      const m = h("span", { class: "item-msgs" });
      itemMsgs.push(m);
      ul.appendChild(h("li", { "data-index": i }, h("span", { class: "item-label" }, it.label), m));
    });
    read = () => f.items.map((it) => it.id);
    put(h("div", { class: "label-like", id: id + "-label" }, f.label), ul, hint, msgs);
    ul.setAttribute("aria-labelledby", id + "-label");
  } else {
    const inp = h("input", {
      id, name: f.name, type: f.kind === "date" ? "date" : f.kind === "datetime" ? "datetime-local" : "text",
      inputmode: f.inputmode, autocomplete: "off", placeholder: f.placeholder,
      "aria-describedby": describedBy, oninput: onInput, onchange: onInput,
    });
    inp.value = f.value ?? "";
    inputs = [inp];
    read = () => inp.value;
    put(h("label", { for: id }, f.label), inp, hint, msgs);
  }

  function setIssues(shown, all) {
    const fieldLevel = [];
    if (itemMsgs) itemMsgs.forEach((m) => m.replaceChildren());
    for (const x of shown) {
      const idx = String(x.issue.path).split(".")[1];
      if (itemMsgs && idx !== undefined && itemAt(Number(idx))) {
        itemAt(Number(idx)).appendChild(h("span", { class: `chip ${x.sev}`, "data-code": x.issue.code }, x.issue.message));
      } else fieldLevel.push(x);
    }
    replace(msgs, fieldLevel.map((x) => msgEl(x.sev, x.issue)));
    const invalid = shown.some((x) => x.sev === "error");
    for (const i of inputs) {
      if (invalid) i.setAttribute("aria-invalid", "true");
      else i.removeAttribute("aria-invalid");
    }
    wrap.classList.toggle("has-error", invalid);
    wrap.classList.toggle("has-warning", !invalid && shown.some((x) => x.sev === "warning"));
    void all;
  }

  return { wrap, read, setIssues, field: f };
}
