// The error every throwing call of the engine raises: a policy or snapshot refused, a bad patch,
// a bad balances query. `issues` lists every problem, with codes and paths. One class per realm,
// kept on globalThis, so that every entry (import, require, init, a second bundle) shares it and
// instanceof holds whichever threw.
export const EngineError = (globalThis[Symbol.for("session-credits.EngineError")] ??= class EngineError extends Error {
  constructor(message, issues = []) {
    super(message);
    this.name = "EngineError";
    this.issues = issues;
  }
});
