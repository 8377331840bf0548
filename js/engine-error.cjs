// CommonJS twin of engine-error.js; Node's ESM entry re-exports this one, so that Node has one
// EngineError class whichever way the package is loaded.
class EngineError extends Error {
  constructor(message, issues = []) {
    super(message);
    this.name = "EngineError";
    this.issues = issues;
  }
}
module.exports = { EngineError };
