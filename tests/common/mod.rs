//! Shared by the integration tests.
#![allow(clippy::unwrap_used, reason = "tests fail loudly")]
use serde_json::Value;
use session_credits::Engine;

/// One call to the engine, as JSON text in and out or as values: `validate`, `apply`, else `preview`.
pub fn call(engine: &mut Engine, op: &str, json_form: bool, command: &Value, ctx: &Value) -> Value {
    if json_form {
        let (c, x) = (command.to_string(), ctx.to_string());
        let text = match op {
            "validate" => engine.validate_json(&c, &x),
            "apply" => engine.apply_json(&c, &x),
            _ => engine.preview_json(&c, &x),
        };
        serde_json::from_str(&text).unwrap()
    } else {
        match op {
            "validate" => serde_json::to_value(engine.validate(command, ctx)).unwrap(),
            "apply" => serde_json::to_value(engine.apply(command, ctx)).unwrap(),
            _ => serde_json::to_value(engine.preview(command, ctx)).unwrap(),
        }
    }
}
