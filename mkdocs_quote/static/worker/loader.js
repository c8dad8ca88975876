// @ts-check
// Downloading and starting Python in the worker: every file at once, the wasm compiled while it
// arrives, the memory snapshot when it pays. Why the start-up is built this way, with the
// measurements, is in mkdocs_quote/runtime/DESIGN.md.

/**
 * @typedef {object} Manifest the runtime's files, written by the build (runtime/pyodide.py)
 * @property {string} version Pyodide's version
 * @property {string} wasm the gzipped interpreter's file name
 * @property {string} stdlib the trimmed standard library's file name
 * @property {string} engine the compiled engine's file name
 * @property {number} snapshotBytes the snapshot's size (0: none)
 * @property {number} bytes what a start fetches without the snapshot
 * @property {object} lockInfo pyodide-lock.json's "info"
 */

/**
 * @typedef {object} Urls absolute URLs of the runtime's parts
 * @property {string} pyodide the directory of pyodide.mjs and the files of the manifest
 * @property {string} wheel
 * @property {string} catalog
 * @property {string | null} snapshot
 */

/** @typedef {(message: object) => void} Post */

/**
 * @typedef {object} Booted
 * @property {any} pyodide
 * @property {ArrayBuffer} wheel
 * @property {string} catalog
 * @property {ArrayBuffer} compiled
 * @property {Record<string, unknown>} timings
 */

// The memory snapshot saves Python's start (0.3-0.6 s on a desktop) but is a few MB more to
// download: it is fetched only if that download should take less than this, judged from the
// speed of the wasm's own download, or if it is already in the HTTP cache.
const SNAPSHOT_BUDGET_MS = 400;
const RATE_SAMPLE_BYTES = 1 << 20;

/** A start that cannot finish, with the reason the page shows (its widget.error.* key). */
export class StartError extends Error {
  /**
   * @param {string} reason `download`, `wasm`, `timeout` or `crash`
   * @param {string} detail
   */
  constructor(reason, detail) {
    super(`${reason}: ${detail}`);
    this.reason = reason;
  }
}

/**
 * @param {unknown} error
 * @returns {string}
 */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/** Downloads with progress that only moves forward, and failure detection. */
class Downloads {
  /**
   * @param {Post} post
   * @param {number} total
   * @param {(error: Error) => void} onFailure
   */
  constructor(post, total, onFailure) {
    this.post = post;
    this.onFailure = onFailure;
    this.loaded = 0;
    this.total = total;
    this.lastReport = 0;
  }

  /** @param {boolean} force */
  report(force) {
    const now = performance.now();
    if (force || now - this.lastReport > 150) {
      this.lastReport = now;
      this.post({ type: "progress", loaded: Math.min(this.loaded, this.total), total: this.total });
    }
  }

  /**
   * Fetch `url` and count its bytes. A failure rejects start-up at once: Pyodide meets a
   * failed wasm download with a console warning and then waits forever.
   *
   * @param {string} url
   * @param {{gzip?: boolean, optional?: boolean, signal?: AbortSignal,
   *          sample?: (bytes: number, ms: number, done: boolean) => void}} [options]
   * @returns {Promise<Response>}
   */
  async get(url, options = {}) {
    const fail = options.optional ? () => {} : this.onFailure;
    let response;
    try {
      response = await fetch(url, options.signal ? { signal: options.signal } : undefined);
    } catch (error) {
      fail(new StartError("download", `${url}: ${messageOf(error)}`));
      throw error;
    }
    if (!response.ok || !response.body) {
      const error = new StartError("download", `${url}: HTTP ${response.status}`);
      fail(error);
      throw error;
    }
    /** @type {number | null} */
    let first = null;
    let bytes = 0;
    // The optional snapshot does not count: abandoning it never moves progress backwards.
    const counted = !options.optional;
    const counter = new TransformStream({
      transform: (chunk, controller) => {
        const now = performance.now();
        first ??= now;
        bytes += chunk.byteLength;
        if (counted) this.loaded += chunk.byteLength;
        if (options.sample) options.sample(bytes, now - first, false);
        this.report(false);
        controller.enqueue(chunk);
      },
      flush: () => {
        if (options.sample) options.sample(bytes, performance.now() - (first ?? 0), true);
        this.report(true);
      },
    });
    let body = response.body.pipeThrough(counter);
    const headers = new Headers(response.headers);
    if (options.gzip) {
      body = await inflateIfGzip(body);
      headers.delete("Content-Length");
      headers.delete("Content-Encoding");
    }
    return new Response(body, { status: 200, headers });
  }
}

/**
 * A gzip inflater typed for byte streams (the DOM typings give DecompressionStream a writable
 * side of BufferSource, which byte streams cannot be piped into as such).
 *
 * @returns {ReadableWritablePair<Uint8Array, Uint8Array>}
 */
function gunzip() {
  return /** @type {ReadableWritablePair<Uint8Array, Uint8Array>} */ (
    /** @type {unknown} */ (new DecompressionStream("gzip"))
  );
}

/**
 * A host that labels .gz files "Content-Encoding: gzip" has the browser inflate them already:
 * look at the first bytes (gzip's magic number 1f 8b) rather than trust the name.
 *
 * @param {ReadableStream<Uint8Array>} stream
 * @returns {Promise<ReadableStream<Uint8Array>>}
 */
async function inflateIfGzip(stream) {
  const reader = stream.getReader();
  const first = await reader.read();
  const rest = new ReadableStream({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const bytes = first.value || new Uint8Array(0);
  const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  return gzipped ? rest.pipeThrough(gunzip()) : rest;
}

/**
 * @param {ReadableStream<Uint8Array>} stream
 * @returns {Promise<Uint8Array>}
 */
async function inflate(stream) {
  const inflated = stream.pipeThrough(gunzip());
  return new Uint8Array(await new Response(inflated).arrayBuffer());
}

/**
 * Whether a finished download's body came over the network (not from the HTTP cache).
 *
 * @param {string} url
 */
async function crossedNetwork(url) {
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const entries = /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByName(url));
    const entry = entries.at(-1);
    // A cache hit transfers nothing; a revalidated one only headers (less than the body).
    if (entry) return entry.transferSize > entry.encodedBodySize;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

/**
 * The snapshot's heap image, or null to start Python afresh.
 *
 * From the HTTP cache it is always worth it. Otherwise its download starts at once, beside
 * the wasm's, and is abandoned as soon as the wasm's own speed shows it would take longer
 * than SNAPSHOT_BUDGET_MS, or shows nothing because the wasm came from the cache.
 *
 * @param {Urls} urls
 * @param {Manifest} manifest
 * @param {Downloads} downloads
 * @param {{sampled: Promise<{bytes: number, ms: number}>, complete: Promise<void>}} speed
 * @param {string} wasmUrl
 * @param {Record<string, unknown>} timings
 * @param {typeof fetch} originalFetch
 * @param {(bytes: Uint8Array) => Uint8Array} unsparse
 * @returns {Promise<Uint8Array | null>}
 */
async function chooseSnapshot(urls, manifest, downloads, speed, wasmUrl, timings, originalFetch, unsparse) {
  const snapshotUrl = urls.snapshot;
  if (!snapshotUrl || !manifest.snapshotBytes) return null;
  try {
    const cached = await originalFetch(snapshotUrl, { cache: "only-if-cached", mode: "same-origin" });
    if (cached.ok && cached.body) {
      timings.snapshotFrom = "cache";
      return unsparse(await inflate(cached.body));
    }
  } catch {
    // Not in the HTTP cache: judge the network below.
  }
  const abort = new AbortController();
  const fetched = downloads
    .get(snapshotUrl, { gzip: true, optional: true, signal: abort.signal })
    .then(async (response) => unsparse(new Uint8Array(await response.arrayBuffer())));
  fetched.catch(() => {});
  const sample = await speed.sampled;
  const expectedMs = manifest.snapshotBytes / (sample.bytes / Math.max(sample.ms, 1));
  timings.snapshotEstimateMs = Math.round(expectedMs);
  if (expectedMs > SNAPSHOT_BUDGET_MS) {
    abort.abort();
    return null;
  }
  // Fast, but perhaps only because the wasm came from the cache: then the network's speed is
  // unknown, and the pre-compiled start is the safe choice.
  await speed.complete;
  if (!(await crossedNetwork(wasmUrl))) {
    abort.abort();
    return null;
  }
  try {
    const image = await fetched;
    timings.snapshotFrom = "network";
    return image;
  } catch {
    return null;
  }
}

/**
 * Download the runtime and start Python.
 *
 * @param {Urls} urls
 * @param {Manifest} manifest
 * @param {Post} post progress ({type: "progress", loaded, total}) and stages
 *   ({type: "stage", stage: "python" | "engine"})
 * @param {(bytes: Uint8Array) => Uint8Array} unsparse the snapshot's unpacking (engine.js)
 * @returns {Promise<Booted>}
 */
export async function boot(urls, manifest, post, unsparse) {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.compileStreaming !== "function") {
    throw new StartError("wasm", "WebAssembly is not available");
  }
  if (typeof DecompressionStream !== "function") {
    throw new StartError("wasm", "DecompressionStream is not available");
  }
  const startedAt = performance.now();
  /** @type {Record<string, unknown>} */
  const timings = {};
  /** @param {string} name */
  const mark = (name) => {
    timings[name] = Math.round(performance.now() - startedAt);
  };
  /** @type {(error: Error) => void} */
  let rejectStart = () => {};
  /** @type {Promise<never>} */
  const failed = new Promise((_, reject) => {
    rejectStart = reject;
  });
  const downloads = new Downloads(post, manifest.bytes, (error) => rejectStart(error));
  /** @param {string} name */
  const at = (name) => new URL(name, urls.pyodide).href;

  // 1. Everything downloads at once. The wasm is stored gzip-compressed (3.5 MB instead of
  // 9.6 MB, whatever the host does) and compiled while it arrives, in parallel with the rest.
  /** @type {(value: {bytes: number, ms: number}) => void} */
  let sampled = () => {};
  /** @type {() => void} */
  let completed = () => {};
  const speed = {
    sampled: new Promise((resolve) => {
      sampled = resolve;
    }),
    complete: new Promise((resolve) => {
      completed = () => resolve(undefined);
    }),
  };
  const wasmUrl = at(manifest.wasm);
  const wasm = downloads.get(wasmUrl, {
    gzip: true,
    sample: (bytes, ms, done) => {
      if (done || bytes >= RATE_SAMPLE_BYTES) sampled({ bytes, ms });
      if (done) completed();
    },
  });
  const wasmModule = wasm.then((response) => {
    response.headers.set("Content-Type", "application/wasm");
    return WebAssembly.compileStreaming(response);
  });
  wasmModule.then(() => mark("wasmCompiled"), () => {});
  const stdlib = downloads.get(at(manifest.stdlib));
  const wheel = downloads.get(urls.wheel).then((r) => r.arrayBuffer());
  const compiled = downloads.get(at(manifest.engine)).then((r) => r.arrayBuffer());
  const catalog = downloads.get(urls.catalog).then((r) => r.text());
  for (const pending of [wasmModule, stdlib, wheel, compiled, catalog]) pending.catch(() => {});
  const loader = import(at("pyodide.mjs")).catch((error) => {
    throw new StartError("download", `pyodide.mjs: ${messageOf(error)}`);
  });
  // Warms the module map: loadPyodide imports this same URL.
  import(at("pyodide.asm.mjs")).catch(() => {});

  // Pyodide asks for the wasm and the standard library itself: hand it the downloads above.
  const originalFetch = globalThis.fetch.bind(globalThis);
  const originalInstantiateStreaming = WebAssembly.instantiateStreaming;
  /** @type {Map<string, Promise<Response>>} */
  const prefetched = new Map([[at(manifest.stdlib), stdlib]]);
  const precompiled = new WeakSet();
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href).href;
    if (url === at("pyodide.asm.wasm")) {
      const marker = new Response(null, { headers: { "Content-Type": "application/wasm" } });
      precompiled.add(marker);
      return Promise.resolve(marker);
    }
    const response = prefetched.get(url);
    if (response) {
      prefetched.delete(url);
      return response;
    }
    return originalFetch(input, init);
  };
  /** @type {any} */ (WebAssembly).instantiateStreaming = async (
    /** @type {Response | PromiseLike<Response>} */ source,
    /** @type {WebAssembly.Imports} */ imports,
  ) => {
    const response = await source;
    if (!precompiled.has(response)) return originalInstantiateStreaming(response, imports);
    const module = await wasmModule;
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };

  // 2. The snapshot, when it is cached or quick to fetch.
  const choice = chooseSnapshot(
    urls, manifest, downloads, speed, wasmUrl, timings, originalFetch, unsparse,
  );
  const start = (async () => {
    const { loadPyodide } = await loader;
    mark("imported");
    post({ type: "stage", stage: "python" });
    const snapshot = await choice;
    if (snapshot) mark("snapshotReady");
    /** @type {string[]} */
    const stderr = [];
    /** @param {Uint8Array | null} image */
    const load = (image) =>
      loadPyodide({
        indexURL: urls.pyodide,
        stdLibURL: at(manifest.stdlib),
        lockFileContents: { info: manifest.lockInfo, packages: {} },
        packageBaseUrl: urls.pyodide,
        stdout: () => {},
        stderr: (/** @type {string} */ line) => stderr.push(line),
        ...(image ? { _loadSnapshot: image } : {}),
      });
    // 3. Python: from the snapshot, or started afresh if there is none or it fails.
    let pyodide;
    try {
      pyodide = await load(snapshot);
    } catch (error) {
      if (!snapshot) {
        const detail = [messageOf(error), ...stderr.slice(-3)].join(" | ");
        throw new StartError("crash", detail);
      }
      timings.snapshotFailed = messageOf(error).slice(0, 200);
      pyodide = await load(null);
    }
    timings.snapshot = Boolean(snapshot) && !timings.snapshotFailed;
    mark("python");
    post({ type: "stage", stage: "engine" });
    return { pyodide, wheel: await wheel, catalog: await catalog, compiled: await compiled, timings };
  })();
  try {
    return await Promise.race([start, failed]);
  } catch (error) {
    if (error instanceof StartError) throw error;
    throw new StartError("crash", messageOf(error));
  }
}
