// @ts-check
// The estimator's worker: Pyodide, the quote engine and the view in a module Web Worker, so the
// page stays responsive while Python starts. Messages:
//
//   page -> worker  {type: "start", urls, manifest, page}      page: the view's config (JSON text)
//   worker -> page  {type: "progress", loaded, total} | {type: "stage", stage}
//                   {type: "ready", ms, timings} | {type: "failed", reason, detail}
//   page -> worker  {type: "update", id, product, form}        form: the inputs (JSON text)
//   worker -> page  {type: "updated", id, answer, ms}          answer: JSON text
//                   {type: "updated", id, error}

import { startEngine, unsparse } from "./engine.js";
import { boot } from "./loader.js";

/** @param {object} message */
const post = (message) => globalThis.postMessage(message);
const startedAt = performance.now();

/** @type {import("./engine.js").PageView | null} */
let view = null;
/** @type {{reason?: string} | null} */
let failure = null;
/** @type {Promise<void> | null} */
let starting = null;

globalThis.addEventListener("securitypolicyviolation", (event) => {
  const violation = /** @type {SecurityPolicyViolationEvent} */ (event);
  post({ type: "csp", directive: violation.effectiveDirective, blocked: String(violation.blockedURI || "") });
});

/**
 * @param {{urls: import("./loader.js").Urls, manifest: import("./loader.js").Manifest,
 *          page: string}} message
 */
async function start(message) {
  const booted = await boot(message.urls, message.manifest, post, unsparse);
  const engine = startEngine(booted.pyodide, booted.wheel, booted.catalog, booted.compiled);
  view = engine.page(message.page);
  booted.timings.engine = Math.round(performance.now() - startedAt);
  post({ type: "ready", ms: performance.now() - startedAt, timings: booted.timings });
}

globalThis.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "start") {
    if (starting) return;
    starting = start(message).catch((error) => {
      failure = error;
      post({ type: "failed", reason: error.reason || "crash", detail: String(error.message) });
    });
    return;
  }
  if (message.type === "update") {
    if (!view) {
      post({ type: "updated", id: message.id, error: failure?.reason || "crash" });
      return;
    }
    const t0 = performance.now();
    try {
      const answer = view.update(String(message.product), String(message.form));
      post({ type: "updated", id: message.id, answer, ms: performance.now() - t0 });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      post({ type: "updated", id: message.id, error: "crash", detail });
    }
  }
});
