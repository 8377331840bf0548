// CommonJS twin of engine-error.js: the same one class per realm, kept on globalThis.
exports.EngineError = globalThis[Symbol.for("session-credits.EngineError")] ??= class EngineError extends Error {
  constructor(message, issues = []) {
    super(message);
    this.name = "EngineError";
    this.issues = issues;
  }
};
