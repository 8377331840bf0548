// The error every throwing call of the engine raises: a policy or snapshot refused, a bad patch,
// a bad balances query. `issues` lists every problem, with codes and paths.
export class EngineError extends Error {
  constructor(message, issues = []) {
    super(message);
    this.name = "EngineError";
    this.issues = issues;
  }
}
