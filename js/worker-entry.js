// The module Web Worker behind session-credits/worker (worker.js starts it): engines made from
// JSON text, each call answered by its id. Loads the engine through session-credits/init.
import { init, Engine } from "./init.js";

const engines = new Map();
let lastId = 0;

// The handler is attached before anything is awaited, so no message can arrive before it; each
// call waits for the engine. The ready message is the handshake worker.js waits for.
const loaded = init();
loaded.then(
  () => postMessage({ ready: true }),
  (e) => postMessage({ ready: false, error: describe(e) }),
);
self.onmessage = async ({ data: { id, engine, method, args } }) => {
  try {
    await loaded;
    postMessage({ id, value: await run(engine, method, args) });
  } catch (e) {
    postMessage({ id, error: describe(e) });
  }
};

// What the main thread may ask; the answers that can be large cross as JSON text.
const methods = new Set(["validateJson", "previewJson", "applyJson", "patchJson", "replayJson", "snapshotJson", "balances", "usage", "liability"]);

async function run(engineId, method, args) {
  if (method === "fromJson") return keep(Engine.fromJson(await text(args[0]), await text(args[1])));
  const engine = engines.get(engineId);
  if (!engine) throw new Error("session-credits: this engine was freed or its worker terminated.");
  if (method === "clone") return keep(engine.clone());
  if (method === "free") return void (engines.delete(engineId), engine.free());
  if (!methods.has(method)) throw new Error(`session-credits: the worker has no method ${method}.`);
  return engine[method](...args);
}

function keep(engine) {
  engines.set(++lastId, engine);
  return lastId;
}

// Bytes come transferred from the main thread, or a URL to fetch them from; either way they are
// read and decoded here, off the page's thread.
const decoder = new TextDecoder();
async function text(value) {
  if (typeof value === "string") return value;
  if (!value?.url) return decoder.decode(value);
  let response;
  try {
    response = await fetch(value.url);
  } catch (e) {
    throw new Error(`session-credits: could not fetch ${value.url}: ${e.message}`, { cause: e });
  }
  if (!response.ok) throw new Error(`session-credits: ${value.url} answered ${response.status}`);
  return decoder.decode(await response.arrayBuffer());
}

const describe = (e) => ({ name: e?.name ?? "Error", message: e?.message ?? String(e), issues: e?.issues });
