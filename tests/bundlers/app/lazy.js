// The same app through session-credits/init: no top-level await, so it builds as an iife too.
import * as api from "session-credits/init";
import { answer, show } from "./answer.js";

api.init().then(() => show(answer(api)), (e) => show({ failed: String(e) }));
