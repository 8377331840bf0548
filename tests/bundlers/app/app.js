// The tiny app every bundler builds: the package's main entry, loaded at import.
import * as api from "session-credits";
import { answer, show } from "./answer.js";

show(answer(api));
