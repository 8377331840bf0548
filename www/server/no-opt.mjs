// Imported first by server.mjs. Node 20's V8 can abort the process (SIGTRAP, "Fatal error" in
// Deoptimizer::DoComputeBuiltinContinuation) when it deoptimizes optimized code in a builtin's
// continuation; a long batch of refusals set it off about one run in three. Without TurboFan there is
// no optimized code to deoptimize; the judging is the engine's (wasm), which this does not touch.
import v8 from "node:v8";

v8.setFlagsFromString("--no-opt");
