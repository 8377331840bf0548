
// Appended by scripts/build-pkg.sh: the .wasm wasm-bindgen's CommonJS glue reads, with a message
// that says what to do when a bundle left it behind.
function readWasmNextToGlue(path) {
  try {
    return require("fs").readFileSync(path);
  } catch (e) {
    if (e.code !== "ENOENT") throw e;
    throw new Error(`session-credits: ${path} is missing: a bundle needs the .wasm next to it (cp node_modules/session-credits/dist/session_credits_bg.wasm <outdir>/), or leave the package out of the bundle.`, { cause: e });
  }
}
