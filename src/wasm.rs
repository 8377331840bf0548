//! The JavaScript face: converts at the boundary and nothing more.
//!
//! Values from JavaScript are read through `JSON.stringify` (so cycles, BigInts and deep nesting
//! become issues, never a trap, and `toJSON` such as a `Date`'s is honoured), then parsed with the
//! same code as the `…Json` forms. Answers go out the same way, as JSON text that `JSON.parse`
//! turns into plain objects and `null`. TypeScript declarations are in `js/index.d.ts`.
use crate::answer::{Preview, ReplayResult, Verdict};
use crate::engine::{Engine as Core, EngineError};
use crate::issue::{Code, Issue};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

/// The one serializer for every answer: the engine's JSON text, read by `JSON.parse`. JS
/// receives plain objects, arrays and `null`, never `Map` or `undefined`, and it is faster than
/// building the objects field by field across the boundary (113 ms against 166 ms for a
/// 10,000-credit preview, `make bench`).
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    json_parse(&js_string(&crate::call::to_json(value))).unwrap_or(JsValue::NULL)
}

#[wasm_bindgen]
extern "C" {
    /// `JSON.parse` of a string already in JavaScript (js_sys's takes a Rust `&str`).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &js_sys::JsString) -> Result<JsValue, JsValue>;

    /// `Array.from`, catching what a hostile value (a revoked proxy, a throwing getter) throws.
    #[wasm_bindgen(js_namespace = Array, js_name = from, catch)]
    fn array_from(value: &JsValue) -> Result<js_sys::Array, JsValue>;

    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

thread_local! {
    /// How Node reads large ASCII text straight out of wasm memory, registered by its entries.
    static TEXT_READER: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

/// Called once by the Node entries with `(memory, ptr, len) => string` for ASCII bytes.
#[wasm_bindgen(js_name = __setTextReader, skip_typescript)]
pub fn set_text_reader(reader: js_sys::Function) {
    TEXT_READER.with(|r| *r.borrow_mut() = Some(reader));
}

/// Text for JavaScript. Answers are ASCII (`call::to_json`), and Node makes a one-byte string of
/// ASCII bytes in a fraction of the time its `TextDecoder`, which wasm-bindgen uses, takes (1.2
/// against 18 ms for 8 MB); browsers keep wasm-bindgen's path.
fn js_string(text: &str) -> js_sys::JsString {
    const LARGE: usize = 1 << 16;
    // Every text this crate hands JavaScript is an answer of `call::to_json`.
    debug_assert!(text.is_ascii());
    if text.len() >= LARGE {
        let reader = TEXT_READER.with(|r| r.borrow().clone());
        if let Some(reader) = reader {
            let (ptr, len) = (JsValue::from(text.as_ptr() as usize), JsValue::from(text.len()));
            if let Ok(s) = reader.call3(&JsValue::NULL, &wasm_bindgen::memory(), &ptr, &len) {
                if let Ok(s) = s.dyn_into::<js_sys::JsString>() {
                    return s;
                }
            }
        }
    }
    js_sys::JsString::from(text)
}

/// A JavaScript value as JSON text; `undefined` (and what JSON cannot hold) counts as missing.
fn json_text(value: &JsValue, what: &str) -> Result<String, Issue> {
    json_js_text(value, what).map(|text| utf8(&text))
}

/// The same, still in JavaScript.
fn json_js_text(value: &JsValue, what: &str) -> Result<js_sys::JsString, Issue> {
    let null = || js_sys::JsString::from("null");
    if value.is_undefined() || value.is_null() {
        return Ok(null());
    }
    // The host's own error text is not quoted: it is not ours to translate, and may echo input.
    let text = js_sys::JSON::stringify(value).map_err(|_| {
        Issue::new(
            Code::InvalidInput,
            "",
            format!("The {what} holds a value JSON cannot hold (such as a BigInt, a cycle or a function)."),
        )
    })?;
    // `undefined` comes back for what JSON cannot hold (a function, a symbol).
    Ok(text.dyn_into::<js_sys::JsString>().ok().filter(|t| t.length() > 0).unwrap_or_else(null))
}

/// An engine from a snapshot's text. A text this long is read a slice at a time: copied whole it
/// would stay in wasm memory (which never shrinks) next to the state it becomes, 267 of 527 MiB
/// for a million credits. Shorter ones are read whole, a little faster.
fn load(policy: &str, snapshot: &js_sys::JsString) -> Result<Core, EngineError> {
    const STREAM_CHARS: u32 = 1 << 26;
    if snapshot.length() >= STREAM_CHARS {
        Core::from_json_reader(policy, JsText { text: snapshot, at: 0, chunk: Vec::new(), read: 0 })
    } else {
        Core::from_json(policy, &utf8(snapshot))
    }
}

/// A JavaScript string read as UTF-8, a slice at a time.
struct JsText<'a> {
    text: &'a js_sys::JsString,
    /// Where the next slice starts, in UTF-16 units.
    at: u32,
    chunk: Vec<u8>,
    read: usize,
}

impl std::io::Read for JsText<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        const SLICE: u32 = 1 << 20;
        if self.read >= self.chunk.len() {
            let len = self.text.length();
            if self.at >= len {
                return Ok(0);
            }
            let mut end = len.min(self.at.saturating_add(SLICE));
            // A slice never ends between the two halves of a surrogate pair.
            if end < len && (0xD800..0xDC00).contains(&(self.text.char_code_at(end - 1) as u32)) {
                end -= 1;
            }
            self.chunk = String::from(self.text.slice(self.at, end)).into_bytes();
            (self.at, self.read) = (end, 0);
        }
        let rest = self.chunk.get(self.read..).unwrap_or_default();
        let n = out.len().min(rest.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), rest.get(..n)) {
            to.copy_from_slice(from);
        }
        self.read += n;
        Ok(n)
    }
}

/// A JavaScript value as a JSON value.
fn read(value: &JsValue, what: &str) -> Result<Value, Issue> {
    let text = json_text(value, what)?;
    serde_json::from_str(&text).map_err(|e| crate::load::syntax_issue("", what, &e))
}

/// The options of `preview` / `apply`; an unreadable value is an issue at `options`.
fn read_options(value: &JsValue) -> Result<Value, Issue> {
    read(value, "options").map_err(|mut i| {
        i.path = "options".to_owned();
        i
    })
}

/// The options of a `…Json` call: undefined or null is none, else JSON text.
fn options_text(value: &JsValue) -> Result<Option<String>, Issue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    read_text(value, "options").map(Some).map_err(|mut i| {
        i.path = "options".to_owned();
        i
    })
}

fn read_text(value: &JsValue, what: &str) -> Result<String, Issue> {
    value.dyn_ref::<js_sys::JsString>().map(utf8).ok_or_else(|| not_text(what))
}

fn not_text(what: &str) -> Issue {
    Issue::new(Code::InvalidInput, "", format!("The {what} must be a string of JSON text."))
}

/// A JavaScript string in Rust. Large ones are encoded on the JavaScript side first, so that wasm
/// memory grows by their exact size: wasm-bindgen's own copy reserves three bytes per character
/// when the text holds any non-ASCII one, and wasm memory never shrinks (a 1M-credit snapshot
/// peaked 450 MiB higher). Lone surrogates become U+FFFD either way.
fn utf8(text: &js_sys::JsString) -> String {
    const LARGE: u32 = 1 << 20;
    if text.length() >= LARGE {
        if let Some(exact) = encode(text) {
            return exact;
        }
    }
    String::from(text)
}

fn encode(text: &js_sys::JsString) -> Option<String> {
    let class = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("TextEncoder")).ok()?;
    let encoder = js_sys::Reflect::construct(class.dyn_ref::<js_sys::Function>()?, &js_sys::Array::new()).ok()?;
    let method = js_sys::Reflect::get(&encoder, &JsValue::from_str("encode")).ok()?;
    let bytes = method.dyn_ref::<js_sys::Function>()?.call1(&encoder, text).ok()?;
    String::from_utf8(bytes.dyn_ref::<js_sys::Uint8Array>()?.to_vec()).ok()
}

thread_local! {
    /// The package's `EngineError` class, registered by each entry when it loads, so that
    /// `e instanceof EngineError` holds for everything the engine throws.
    static ERROR_CLASS: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

/// Called once by the package's entries with their `EngineError` class.
#[wasm_bindgen(js_name = __setEngineErrorClass, skip_typescript)]
pub fn set_engine_error_class(class: js_sys::Function) {
    ERROR_CLASS.with(|c| *c.borrow_mut() = Some(class));
}

/// An `EngineError` carrying `issues` (a plain `Error` so named if no class was registered).
fn engine_error(e: &EngineError) -> JsValue {
    let message = JsValue::from_str(&e.to_string());
    let issues = to_js(&e.issues);
    let registered = ERROR_CLASS.with(|c| c.borrow().clone());
    if let Some(class) = registered {
        if let Ok(err) = js_sys::Reflect::construct(&class, &js_sys::Array::of2(&message, &issues)) {
            return err;
        }
    }
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("EngineError");
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("issues"), &issues);
    err.into()
}

fn refused(issue: Issue) -> EngineError {
    EngineError { issues: vec![issue] }
}

/// A verdict refusing the call for one issue, in JSON text (for the `…Json` forms).
fn refused_json(issue: Issue) -> js_sys::JsString {
    js_string(&crate::call::to_json(&Preview::of_verdict(Verdict::refusing(issue))))
}

#[wasm_bindgen(js_name = Engine, skip_typescript)]
pub struct Engine {
    inner: Core,
}

#[wasm_bindgen(js_class = Engine)]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new(policy: JsValue, snapshot: JsValue) -> Result<Engine, JsValue> {
        // Through JSON text: the snapshot is then read record by record, never as a whole tree.
        let policy = json_text(&policy, "policy").map_err(|i| engine_error(&refused(i)))?;
        let snapshot = json_js_text(&snapshot, "snapshot").map_err(|i| engine_error(&refused(i)))?;
        load(&policy, &snapshot).map(|inner| Engine { inner }).map_err(|e| engine_error(&e))
    }

    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(policy_json: JsValue, snapshot_json: JsValue) -> Result<Engine, JsValue> {
        let policy = read_text(&policy_json, "policy").map_err(|i| engine_error(&refused(i)))?;
        let Some(snapshot) = snapshot_json.dyn_ref::<js_sys::JsString>() else {
            return Err(engine_error(&refused(not_text("snapshot"))));
        };
        load(&policy, snapshot).map(|inner| Engine { inner }).map_err(|e| engine_error(&e))
    }

    pub fn validate(&self, command: JsValue, ctx: JsValue) -> JsValue {
        match (read(&command, "command"), read(&ctx, "context")) {
            (Ok(c), Ok(x)) => to_js(&self.inner.validate(&c, &x)),
            (Err(i), _) | (_, Err(i)) => to_js(&Verdict::refusing(i)),
        }
    }

    pub fn preview(&self, command: JsValue, ctx: JsValue, options: JsValue) -> JsValue {
        match (read(&command, "command"), read(&ctx, "context"), read_options(&options)) {
            (Ok(c), Ok(x), Ok(o)) => to_js(&self.inner.preview_with(&c, &x, &o)),
            (Err(i), ..) | (_, Err(i), _) | (.., Err(i)) => to_js(&Preview::of_verdict(Verdict::refusing(i))),
        }
    }

    pub fn apply(&mut self, command: JsValue, ctx: JsValue, options: JsValue) -> JsValue {
        match (read(&command, "command"), read(&ctx, "context"), read_options(&options)) {
            (Ok(c), Ok(x), Ok(o)) => to_js(&self.inner.apply_with_options(&c, &x, &o)),
            (Err(i), ..) | (_, Err(i), _) | (.., Err(i)) => to_js(&Preview::of_verdict(Verdict::refusing(i))),
        }
    }

    /// Applies each `{ command, ctx }` in order, each on its own. Never throws.
    pub fn replay(&mut self, entries: JsValue) -> JsValue {
        match read(&entries, "replay entries") {
            Ok(v) => to_js(&self.inner.replay(&v)),
            // A list with an entry JSON cannot hold: each entry is read on its own, and only the
            // unreadable ones are refused.
            Err(i) if is_array(&entries).unwrap_or(false) => match array_from(&entries) {
                Ok(list) => {
                    let list: Vec<Result<Value, Issue>> = list.iter().map(|e| read(&e, "replay entry")).collect();
                    to_js(&self.inner.replay_each(list.iter().map(|e| e.as_ref().map_err(Clone::clone))))
                }
                Err(_) => to_js(&ReplayResult::refusing(i)),
            },
            Err(i) => to_js(&ReplayResult::refusing(i)),
        }
    }

    #[wasm_bindgen(js_name = replayJson)]
    pub fn replay_json(&mut self, entries: JsValue) -> js_sys::JsString {
        match read_text(&entries, "replay entries") {
            Ok(text) => js_string(&self.inner.replay_json(&text)),
            Err(i) => js_string(&crate::call::to_json(&ReplayResult::refusing(i))),
        }
    }

    /// Brings server-side changes in, all or nothing; throws an EngineError listing every problem.
    pub fn patch(&mut self, changes: JsValue) -> Result<(), JsValue> {
        let changes = read(&changes, "changes").map_err(|i| engine_error(&refused(i)))?;
        self.inner.patch(&changes).map_err(|e| engine_error(&e))
    }

    #[wasm_bindgen(js_name = patchJson)]
    pub fn patch_json(&mut self, changes: JsValue) -> Result<(), JsValue> {
        let text = read_text(&changes, "changes").map_err(|i| engine_error(&refused(i)))?;
        self.inner.patch_json(&text).map_err(|e| engine_error(&e))
    }

    /// An independent copy: state, applied commandIds and the default `asOf` of balances.
    #[wasm_bindgen(js_name = clone)]
    pub fn clone_engine(&self) -> Engine {
        Engine { inner: self.inner.clone() }
    }

    #[wasm_bindgen(js_name = validateJson)]
    pub fn validate_json(&self, command: JsValue, ctx: JsValue) -> js_sys::JsString {
        match (read_text(&command, "command"), read_text(&ctx, "context")) {
            (Ok(c), Ok(x)) => js_string(&self.inner.validate_json(&c, &x)),
            (Err(i), _) | (_, Err(i)) => refused_json(i),
        }
    }

    #[wasm_bindgen(js_name = previewJson)]
    pub fn preview_json(&self, command: JsValue, ctx: JsValue, options: JsValue) -> js_sys::JsString {
        match (read_text(&command, "command"), read_text(&ctx, "context"), options_text(&options)) {
            (Ok(c), Ok(x), Ok(o)) => js_string(&self.inner.preview_json_with(&c, &x, o.as_deref())),
            (Err(i), ..) | (_, Err(i), _) | (.., Err(i)) => refused_json(i),
        }
    }

    #[wasm_bindgen(js_name = applyJson)]
    pub fn apply_json(&mut self, command: JsValue, ctx: JsValue, options: JsValue) -> js_sys::JsString {
        match (read_text(&command, "command"), read_text(&ctx, "context"), options_text(&options)) {
            (Ok(c), Ok(x), Ok(o)) => js_string(&self.inner.apply_json_with(&c, &x, o.as_deref())),
            (Err(i), ..) | (_, Err(i), _) | (.., Err(i)) => refused_json(i),
        }
    }

    /// Where a client stands against its usage limits at `at`. Throws an EngineError for a bad query.
    pub fn usage(&self, query: JsValue) -> Result<JsValue, JsValue> {
        let query = read(&query, "query").map_err(|i| engine_error(&refused(i)))?;
        self.inner.usage(&query).map(|rows| to_js(&rows)).map_err(|e| engine_error(&e))
    }

    /// What the credits are worth: deferred, recognised, removed. Throws an EngineError for a bad query.
    pub fn liability(&self, query: JsValue) -> Result<JsValue, JsValue> {
        let query = read(&query, "query").map_err(|i| engine_error(&refused(i)))?;
        self.inner.liability(&query).map(|answer| to_js(&answer)).map_err(|e| engine_error(&e))
    }

    pub fn balances(&self, query: JsValue) -> Result<JsValue, JsValue> {
        let query = read(&query, "query").map_err(|i| engine_error(&refused(i)))?;
        self.inner.balances(&query).map(|rows| to_js(&rows)).map_err(|e| engine_error(&e))
    }

    pub fn snapshot(&self) -> JsValue {
        to_js(&self.inner.snapshot())
    }

    #[wasm_bindgen(js_name = snapshotJson)]
    pub fn snapshot_json(&self) -> js_sys::JsString {
        js_string(&self.inner.snapshot_json())
    }
}

#[wasm_bindgen(js_name = validatePolicy, skip_typescript)]
pub fn validate_policy(policy: JsValue) -> JsValue {
    match read(&policy, "policy") {
        Ok(p) => to_js(&crate::policy::validate_policy(&p)),
        Err(i) => to_js(&Verdict::refusing(i)),
    }
}

#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

/// The IANA time-zone data release the verdicts use ("2026f"), bundled in the `.wasm`.
#[wasm_bindgen(js_name = tzdataVersion, skip_typescript)]
pub fn tzdata_version() -> String {
    crate::TZDATA_VERSION.to_owned()
}

/// Bytes of WebAssembly linear memory, for benchmarks and leak tests.
#[wasm_bindgen(js_name = wasmMemoryBytes, skip_typescript)]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map_or(0.0, |m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().map_or(0.0, |b| f64::from(b.byte_length())))
}

#[cfg(feature = "debug-panic-hook")]
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
