// session-credits/worker: the engine in a module Web Worker, so that loading a large studio and
// long previews leave the page's thread free. The API mirrors Engine's, each call answering a
// promise; answers cross as JSON text, parsed here for the object forms.
import { EngineError } from "./engine-error.js";

/** Starts the worker and waits for its ready message, so that no call is sent before the engine loaded. */
function connect(worker) {
  // Written as `new Worker(new URL("…", import.meta.url), { type: "module" })` so that Vite and
  // webpack find the worker and bundle it.
  worker ??= new Worker(new URL("./worker-entry.js", import.meta.url), { type: "module" });
  return new Promise((resolve, reject) => {
    const started = ({ data }) => {
      if (!data || !("ready" in data)) return;
      stop();
      if (data.ready) resolve(new Connection(worker));
      else (worker.terminate(), reject(rebuild(data.error)));
    };
    const failed = (e) => {
      stop();
      worker.terminate();
      const why = e.message || `its script could not be loaded; under Vite's dev server before Vite 8, set optimizeDeps.exclude: ["session-credits"]`;
      reject(new Error(`session-credits: the engine's worker did not start: ${why}`));
    };
    const stop = () => (worker.removeEventListener("message", started), worker.removeEventListener("error", failed));
    worker.addEventListener("message", started);
    worker.addEventListener("error", failed);
  });
}

class Connection {
  constructor(worker) {
    this.worker = worker;
    this.pending = new Map();
    this.lastId = 0;
    worker.addEventListener("message", ({ data }) => {
      const call = this.pending.get(data.id);
      if (!call) return;
      this.pending.delete(data.id);
      if (data.error) call.reject(rebuild(data.error));
      else call.resolve(data.value);
    });
  }

  call(engine, method, args = [], transfer = []) {
    if (!this.worker) return Promise.reject(new Error("session-credits: this engine's worker was terminated."));
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, engine, method, args }, transfer);
    });
  }

  terminate() {
    this.worker?.terminate();
    this.worker = null;
    for (const call of this.pending.values()) call.reject(new Error("session-credits: the engine's worker was terminated."));
    this.pending.clear();
  }
}

// The worker's errors as the main thread's: an EngineError keeps its issues.
function rebuild({ name, message, issues }) {
  if (name === "EngineError") return new EngineError(message, issues ?? []);
  const error = new Error(message);
  error.name = name;
  return error;
}

// JSON text; bytes moved to the worker rather than copied (the caller's buffer is emptied); or a
// URL the worker fetches the text from, so that not even the download touches the page's thread.
function payload(value, transfer) {
  if (typeof value === "string") return value;
  if (value instanceof URL) return { url: value.href };
  if (value instanceof ArrayBuffer) return transfer.push(value), value;
  if (ArrayBuffer.isView(value)) {
    const whole = value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer;
    const bytes = whole ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice();
    transfer.push(bytes.buffer);
    return bytes;
  }
  throw new TypeError("session-credits: fromJson takes JSON text, its bytes (an ArrayBuffer or a Uint8Array) or a URL to fetch it from.");
}

const json = (value) => (value === undefined ? undefined : JSON.stringify(value));

export class WorkerEngine {
  #connection;
  #id;

  constructor(connection, id) {
    this.#connection = connection;
    this.#id = id;
  }

  /** An engine from the policy's and the snapshot's JSON text (or bytes, transferred, or a URL), in a new worker. */
  static async fromJson(policyJson, snapshotJson, options = {}) {
    const transfer = [];
    const args = [payload(policyJson, transfer), payload(snapshotJson, transfer)];
    const connection = await connect(options.worker);
    try {
      return new WorkerEngine(connection, await connection.call(0, "fromJson", args, transfer));
    } catch (e) {
      connection.terminate();
      throw e;
    }
  }

  /** The same from objects (read as JSON, as the Engine constructor reads them). */
  static create(policy, snapshot, options) {
    return WorkerEngine.fromJson(json(policy) ?? "null", json(snapshot) ?? "null", options);
  }

  #call(method, ...args) {
    return this.#connection.call(this.#id, method, args);
  }

  validateJson(command, ctx) { return this.#call("validateJson", command, ctx); }
  previewJson(command, ctx, options) { return this.#call("previewJson", command, ctx, options); }
  applyJson(command, ctx, options) { return this.#call("applyJson", command, ctx, options); }
  patchJson(changes) { return this.#call("patchJson", changes); }
  replayJson(entries) { return this.#call("replayJson", entries); }
  snapshotJson() { return this.#call("snapshotJson"); }

  async validate(command, ctx) { return JSON.parse(await this.validateJson(json(command), json(ctx))); }
  async preview(command, ctx, options) { return JSON.parse(await this.previewJson(json(command), json(ctx), json(options))); }
  async apply(command, ctx, options) { return JSON.parse(await this.applyJson(json(command), json(ctx), json(options))); }
  async patch(changes) { await this.patchJson(json(changes)); }
  async replay(entries) { return JSON.parse(await this.replayJson(json(entries))); }
  async snapshot() { return JSON.parse(await this.snapshotJson()); }
  balances(query) { return this.#call("balances", query === undefined ? undefined : JSON.parse(json(query))); }
  usage(query) { return this.#call("usage", query === undefined ? undefined : JSON.parse(json(query))); }
  liability(query) { return this.#call("liability", query === undefined ? undefined : JSON.parse(json(query))); }

  /** An independent copy, in the same worker. */
  async clone() { return new WorkerEngine(this.#connection, await this.#call("clone")); }
  /** Frees this engine's memory in the worker. */
  async free() { await this.#call("free"); }
  /** Ends the worker, and with it this engine and its clones; calls still waiting are refused. */
  terminate() { this.#connection.terminate(); }
}

export { EngineError };
