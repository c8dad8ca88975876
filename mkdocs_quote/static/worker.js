// The estimator's Python: Pyodide and the quote engine in a module Web Worker, so the page
// stays responsive while the interpreter starts. Amounts cross as decimal strings inside JSON
// text, never as JS numbers: the worker passes the request's JSON text to quote_json and returns
// its JSON text untouched.
//
// The same file is imported by Node (static/build-runtime.js, the golden runner), so the
// start-up sequence the build traces and snapshots is exactly the browser's: `startEngine` is
// shared, and only the part below `inWorker` is browser-specific. Why the start-up is built
// this way, with the measurements, is in mkdocs_quote/runtime.py.

/**
 * Start the engine in a loaded Pyodide: unpack the engine wheel into site-packages and bind
 * quote_json to the catalog.
 *
 * @param {object} pyodide the loaded Pyodide API
 * @param {ArrayBuffer|Uint8Array} wheel the engine wheel's bytes
 * @param {string} catalogJson the catalog as JSON text
 * @param {ArrayBuffer|Uint8Array} [compiled] the wheel's modules compiled by the build
 *   (quote_engine.pyc.zip: __pycache__ entries), so importing them compiles nothing
 * @returns {{quote: (requestJson: string) => string, close: () => void, pyodide: object}}
 */
export function startEngine(pyodide, wheel, catalogJson, compiled) {
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
  if (compiled) pyodide.unpackArchive(compiled, "zip", { extractDir: sitePackages });
  const engine = pyodide.pyimport("quote_engine");
  // Everything alive now lives as long as the page: keep it out of the garbage collector's
  // passes, which would otherwise walk it on every collection during a recalculation.
  pyodide.runPython("import gc; gc.collect(); gc.freeze()");
  const quoteJson = engine.quote_json;
  return {
    pyodide,
    quote(requestJson) {
      if (typeof requestJson !== "string") {
        throw new TypeError("a request crosses to Python as JSON text");
      }
      return quoteJson(requestJson, catalogJson);
    },
    close() {
      quoteJson.destroy();
      engine.destroy();
    },
  };
}

/** The heap image from the build's sparse layout (build-runtime.js `sparse`). */
export function unsparse(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== "QESNAP01") throw new Error("not a snapshot of this build");
  const length = view.getUint32(8, true);
  const page = view.getUint32(12, true);
  const count = view.getUint32(16, true);
  const image = new Uint8Array(length);
  let offset = 20 + 4 * count;
  for (let i = 0; i < count; i += 1) {
    const start = view.getUint32(20 + 4 * i, true) * page;
    const size = Math.min(page, length - start);
    image.set(bytes.subarray(offset, offset + size), start);
    offset += page;
  }
  return image;
}

// ---------------------------------------------------------------------------------------------
// Browser worker only.

// Replaced at build time by runtime.py with the runtime's manifest: the file names in the
// hashed directory, their sizes, and the lock file's "info" (so pyodide-lock.json, 120 kB of
// package index we never use, is not downloaded).
const RUNTIME = /*QE_RUNTIME*/ null;

// The memory snapshot saves Python's start (0.3-0.6 s on a desktop) but is a few MB more to
// download: it is fetched only if that download should take less than this, judged from the
// speed of the wasm's own download, or if it is already in the HTTP cache.
const SNAPSHOT_BUDGET_MS = 400;
const RATE_SAMPLE_BYTES = 1 << 20;

class StartError extends Error {
  constructor(reason, detail) {
    super(`${reason}: ${detail}`);
    this.reason = reason;
  }
}

const inWorker =
  typeof WorkerGlobalScope !== "undefined" && globalThis instanceof WorkerGlobalScope;

if (inWorker) {
  const startedAt = performance.now();
  const originalFetch = globalThis.fetch.bind(globalThis);
  const originalInstantiateStreaming = WebAssembly.instantiateStreaming;
  // Milliseconds from the worker's start to each step, reported with "ready" (for bench/).
  const timings = {};
  const mark = (name) => {
    timings[name] = Math.round(performance.now() - startedAt);
  };
  const post = (message) => globalThis.postMessage(message);
  let engine = null;
  let failure = null;

  globalThis.addEventListener("securitypolicyviolation", (event) => {
    post({ type: "csp", directive: event.effectiveDirective, blocked: String(event.blockedURI || "") });
  });

  /** Downloads with progress, failure detection and a measure of the network's speed. */
  class Downloads {
    constructor(onFailure) {
      this.onFailure = onFailure;
      this.loaded = 0;
      this.total = RUNTIME.bytes;
      this.lastReport = 0;
    }

    report(force) {
      const now = performance.now();
      if (force || now - this.lastReport > 150) {
        this.lastReport = now;
        post({ type: "progress", loaded: this.loaded, total: this.total });
      }
    }

    /**
     * Fetch `url` and count its bytes. A failure rejects start-up at once: Pyodide meets a
     * failed wasm download with a console warning and then waits forever.
     *
     * @param {{gzip?: boolean, optional?: boolean, signal?: AbortSignal,
     *          sample?: (bytes: number, ms: number, done: boolean) => void}} options
     */
    async get(url, options = {}) {
      const fail = options.optional ? () => {} : this.onFailure;
      let response;
      try {
        response = await originalFetch(url, options.signal ? { signal: options.signal } : undefined);
      } catch (error) {
        fail(new StartError("download", `${url}: ${error.message}`));
        throw error;
      }
      if (!response.ok || !response.body) {
        const error = new StartError("download", `${url}: HTTP ${response.status}`);
        fail(error);
        throw error;
      }
      let first = null;
      let bytes = 0;
      const counter = new TransformStream({
        transform: (chunk, controller) => {
          const now = performance.now();
          first ??= now;
          bytes += chunk.byteLength;
          this.loaded += chunk.byteLength;
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

  // A host that labels .gz files "Content-Encoding: gzip" has the browser inflate them already:
  // look at the first bytes (gzip's magic number 1f 8b) rather than trust the name.
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
    return gzipped ? rest.pipeThrough(new DecompressionStream("gzip")) : rest;
  }

  async function start(urls) {
    if (RUNTIME === null) {
      throw new StartError("crash", "this worker was not prepared by the site build");
    }
    if (typeof WebAssembly !== "object" || typeof WebAssembly.compileStreaming !== "function") {
      throw new StartError("wasm", "WebAssembly is not available");
    }
    if (typeof DecompressionStream !== "function") {
      throw new StartError("wasm", "DecompressionStream is not available");
    }
    let rejectStart;
    const failed = new Promise((_, reject) => {
      rejectStart = reject;
    });
    const downloads = new Downloads((error) => rejectStart(error));
    const at = (name) => new URL(name, urls.pyodide).href;

    // 1. Everything downloads at once. The wasm is stored gzip-compressed (3.5 MB instead of
    // 9.6 MB, whatever the host does) and compiled while it arrives, in parallel with the rest.
    const speed = {};
    speed.sampled = new Promise((resolve) => {
      speed.sample = resolve;
    });
    speed.complete = new Promise((resolve) => {
      speed.done = resolve;
    });
    const wasmUrl = at(RUNTIME.wasm);
    const wasm = downloads.get(wasmUrl, {
      gzip: true,
      sample: (bytes, ms, done) => {
        if (done || bytes >= RATE_SAMPLE_BYTES) speed.sample({ bytes, ms });
        if (done) speed.done();
      },
    });
    const wasmModule = wasm.then((response) => {
      response.headers.set("Content-Type", "application/wasm");
      return WebAssembly.compileStreaming(response);
    });
    wasmModule.then(() => mark("wasmCompiled"), () => {});
    const stdlib = downloads.get(at(RUNTIME.stdlib));
    const wheel = downloads.get(urls.wheel).then((r) => r.arrayBuffer());
    const compiled = downloads.get(at(RUNTIME.engine)).then((r) => r.arrayBuffer());
    const catalog = downloads.get(urls.catalog).then((r) => r.text());
    for (const pending of [wasmModule, stdlib, wheel, compiled, catalog]) pending.catch(() => {});
    const loader = import(at("pyodide.mjs")).catch((error) => {
      throw new StartError("download", `pyodide.mjs: ${error.message}`);
    });
    // Warms the module map: loadPyodide imports this same URL.
    import(at("pyodide.asm.mjs")).catch(() => {});

    // Pyodide asks for the wasm and the standard library itself: hand it the downloads above.
    const prefetched = new Map([[at(RUNTIME.stdlib), stdlib]]);
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
    WebAssembly.instantiateStreaming = async (source, imports) => {
      const response = await source;
      if (!precompiled.has(response)) return originalInstantiateStreaming(response, imports);
      const module = await wasmModule;
      return { module, instance: await WebAssembly.instantiate(module, imports) };
    };

    // 2. The snapshot, when it is cached or quick to fetch; inflated while the rest arrives.
    const choice = chooseSnapshot(urls, downloads, speed, wasmUrl);
    const boot = (async () => {
      const { loadPyodide } = await loader;
      mark("imported");
      post({ type: "stage", stage: "boot" });
      const snapshot = await choice;
      const stderr = [];
      const load = (image) =>
        loadPyodide({
          indexURL: urls.pyodide,
          stdLibURL: at(RUNTIME.stdlib),
          lockFileContents: { info: RUNTIME.lockInfo, packages: {} },
          packageBaseUrl: urls.pyodide,
          stdout: () => {},
          stderr: (line) => stderr.push(line),
          ...(image ? { _loadSnapshot: image } : {}),
        });
      // 3. Python: from the snapshot, or started afresh if there is none or it fails.
      let pyodide;
      try {
        pyodide = await load(snapshot);
      } catch (error) {
        if (!snapshot) {
          const detail = [String(error && error.message), ...stderr.slice(-3)].join(" | ");
          throw new StartError("crash", detail);
        }
        timings.snapshotFailed = String(error && error.message).slice(0, 200);
        pyodide = await load(null);
      }
      timings.snapshot = Boolean(snapshot) && !timings.snapshotFailed;
      mark("python");
      post({ type: "stage", stage: "engine" });
      const ready = startEngine(pyodide, await wheel, await catalog, await compiled);
      mark("engine");
      return ready;
    })();
    try {
      return await Promise.race([boot, failed]);
    } catch (error) {
      if (error instanceof StartError) throw error;
      throw new StartError("crash", String(error && error.message));
    }
  }

  /**
   * The snapshot's heap image, or null to start Python afresh.
   *
   * From the HTTP cache it is always worth it. Otherwise its download starts at once, beside
   * the wasm's, and is abandoned as soon as the wasm's own speed shows it would take longer
   * than SNAPSHOT_BUDGET_MS, or shows nothing because the wasm came from the cache.
   */
  async function chooseSnapshot(urls, downloads, speed, wasmUrl) {
    if (!urls.snapshot || !RUNTIME.snapshotBytes) return null;
    try {
      const cached = await originalFetch(urls.snapshot, { cache: "only-if-cached", mode: "same-origin" });
      if (cached.ok) {
        timings.snapshotFrom = "cache";
        const image = unsparse(await inflate(cached.body));
        mark("snapshotReady");
        return image;
      }
    } catch {
      // Not in the HTTP cache: judge the network below.
    }
    const abort = new AbortController();
    downloads.total += RUNTIME.snapshotBytes;
    const fetched = downloads
      .get(urls.snapshot, { gzip: true, optional: true, signal: abort.signal })
      .then(async (response) => unsparse(new Uint8Array(await response.arrayBuffer())));
    fetched.catch(() => {});
    const giveUp = () => {
      abort.abort();
      downloads.total -= RUNTIME.snapshotBytes;
      return null;
    };
    const sample = await speed.sampled;
    const expectedMs = RUNTIME.snapshotBytes / (sample.bytes / Math.max(sample.ms, 1));
    timings.snapshotEstimateMs = Math.round(expectedMs);
    if (expectedMs > SNAPSHOT_BUDGET_MS) return giveUp();
    // Fast, but perhaps only because the wasm came from the cache: then the network's speed is
    // unknown, and the pre-compiled start is the safe choice.
    await speed.complete;
    if (!(await crossedNetwork(wasmUrl))) return giveUp();
    try {
      const image = await fetched;
      timings.snapshotFrom = "network";
      mark("snapshotReady");
      return image;
    } catch {
      return null;
    }
  }

  async function inflate(stream) {
    const inflated = stream.pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(inflated).arrayBuffer());
  }

  /** Whether a finished download's body came over the network (not from the HTTP cache). */
  async function crossedNetwork(url) {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const entry = performance.getEntriesByName(url).at(-1);
      // A cache hit transfers nothing; a revalidated one only headers (less than the body).
      if (entry) return entry.transferSize > entry.encodedBodySize;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return false;
  }

  let starting = null;
  globalThis.addEventListener("message", (event) => {
    const message = event.data || {};
    if (message.type === "start") {
      if (starting) return;
      starting = start(message.urls).then(
        (ready) => {
          engine = ready;
          post({ type: "ready", ms: performance.now() - startedAt, timings });
        },
        (error) => {
          failure = error;
          post({ type: "failed", reason: error.reason || "crash", detail: String(error.message) });
        },
      );
      return;
    }
    if (message.type === "quote") {
      if (!engine) {
        post({ type: "quoted", id: message.id, error: failure ? failure.reason : "crash" });
        return;
      }
      const t0 = performance.now();
      try {
        const responses = message.requests.map((request) => engine.quote(request));
        post({ type: "quoted", id: message.id, responses, ms: performance.now() - t0 });
      } catch (error) {
        post({ type: "quoted", id: message.id, error: "crash", detail: String(error.message) });
      }
    }
  });
}
