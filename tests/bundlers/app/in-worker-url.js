// The worker app with the snapshot fetched by the worker itself, from a URL beside the page.
import { WorkerEngine } from "session-credits/worker";
import { sampleStudio } from "session-credits/sample";
import { ctx, forgive, show } from "./answer.js";

async function main() {
  const engine = await WorkerEngine.fromJson(JSON.stringify(sampleStudio.policy), new URL("./snapshot.json", location.href));
  const preview = await engine.preview(forgive, ctx);
  let missing = null;
  await WorkerEngine.fromJson("{}", new URL("./missing.json", location.href)).catch((e) => (missing = e.message));
  engine.terminate();
  return { ok: preview.ok, steps: preview.steps, missing };
}

main().then(show, (e) => show({ failed: `${e.name}: ${e.message}` }));
