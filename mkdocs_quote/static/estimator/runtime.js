// @ts-check
// Python for the page's estimators: one module Web Worker, started when an estimator comes into
// view or is first used, restarted by the reader after a failure.

/**
 * @typedef {object} EstimatorConfig the page config's `estimator` part (written by the build)
 * @property {Record<string, string>} urls site-relative URLs: worker, pyodide, wheel, catalog,
 *   snapshot...
 * @property {import("../worker/loader.js").Manifest} manifest
 * @property {{lang: string, locale: import("./messages.js").LocaleData,
 *             messages: Record<string, string | Record<string, string>>}} view
 */

/**
 * @typedef {{type: "starting"} | {type: "progress", loaded: number, total: number}
 *   | {type: "stage", stage: string} | {type: "ready"}
 *   | {type: "failed", reason: string, detail?: string}} RuntimeEvent
 */

/** No word from the worker for this long while starting means it will not start. */
const STALL_MS = 30000;
/** However steady the progress, a start that takes longer gives up (the example stays, with
 * a retry button) rather than saying "starting" for ever. */
const START_DEADLINE_MS = 120000;

export class Runtime {
  /** @param {EstimatorConfig} config */
  constructor(config) {
    this.config = config;
    /** @type {"idle" | "starting" | "ready" | "failed"} */
    this.state = "idle";
    /** @type {Set<(event: RuntimeEvent) => void>} */
    this.listeners = new Set();
    /** @type {Map<number, {resolve: (answer: any) => void, reject: (error: Error) => void}>} */
    this.pending = new Map();
    this.nextId = 1;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.stallTimer = undefined;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.deadlineTimer = undefined;
    /** @type {Worker | null} */
    this.worker = null;
    this.configJson = JSON.stringify(config.view);
  }

  /** @param {(event: RuntimeEvent) => void} listener */
  on(listener) {
    this.listeners.add(listener);
  }

  /** @param {RuntimeEvent} event */
  emit(event) {
    for (const listener of this.listeners) listener(event);
  }

  /** @param {string} name */
  url(name) {
    return new URL(this.config.urls[name], document.baseURI).href;
  }

  start() {
    if (this.state !== "idle") return;
    this.state = "starting";
    performance.mark("qe:start");
    this.emit({ type: "starting" });
    let worker;
    try {
      worker = new Worker(this.url("worker"), { type: "module", name: "quote-engine" });
    } catch (error) {
      this.fail("crash", String(error));
      return;
    }
    this.worker = worker;
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = setTimeout(() => {
      if (this.state === "starting") this.fail("timeout", `not ready after ${START_DEADLINE_MS} ms`);
    }, START_DEADLINE_MS);
    worker.addEventListener("message", (event) => this.receive(event.data || {}));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail(this.state === "starting" ? "download" : "crash", String(event.message || "worker error"));
    });
    worker.addEventListener("messageerror", () => this.fail("crash", "unreadable message"));
    this.watch();
    worker.postMessage({
      type: "start",
      manifest: this.config.manifest,
      page: this.configJson,
      urls: {
        pyodide: this.url("pyodide"),
        wheel: this.url("wheel"),
        catalog: this.url("catalog"),
        snapshot: this.config.urls.snapshot ? this.url("snapshot") : null,
      },
    });
  }

  /** After a failure: a new worker, from the start (downloads done so far come from cache). */
  retry() {
    if (this.state !== "failed") return;
    this.state = "idle";
    this.start();
  }

  watch() {
    clearTimeout(this.stallTimer);
    if (this.state !== "starting") return;
    this.stallTimer = setTimeout(() => this.fail("timeout", `no progress for ${STALL_MS} ms`), STALL_MS);
  }

  /** @param {any} message */
  receive(message) {
    if (message.type === "csp") {
      document.dispatchEvent(new CustomEvent("qe:csp", { detail: message }));
    } else if (message.type === "progress" || message.type === "stage") {
      this.watch();
      this.emit(message);
    } else if (message.type === "ready") {
      clearTimeout(this.stallTimer);
      clearTimeout(this.deadlineTimer);
      if (this.state !== "starting") return;
      this.state = "ready";
      performance.mark("qe:ready", { detail: message.timings || {} });
      this.emit({ type: "ready" });
    } else if (message.type === "failed") {
      this.fail(message.reason, message.detail);
    } else if (message.type === "updated") {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new Error(message.error));
      else pending.resolve({ answer: JSON.parse(message.answer), ms: message.ms, received: performance.now() });
    }
  }

  /**
   * @param {string} reason
   * @param {string} [detail]
   */
  fail(reason, detail) {
    if (this.state === "failed") return;
    clearTimeout(this.stallTimer);
    clearTimeout(this.deadlineTimer);
    this.state = "failed";
    if (this.worker) this.worker.terminate();
    this.worker = null;
    for (const pending of this.pending.values()) pending.reject(new Error(reason));
    this.pending.clear();
    this.emit({ type: "failed", reason, detail });
  }

  /**
   * The view's answer for one estimator's inputs.
   *
   * @param {string} product
   * @param {import("./state.js").FormState} form
   * @returns {Promise<{answer: any, ms: number, received: number}>}
   */
  update(product, form) {
    if (this.state !== "ready" || !this.worker) return Promise.reject(new Error("not ready"));
    const id = this.nextId++;
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ type: "update", id, product, form: JSON.stringify(form) });
    });
  }
}
