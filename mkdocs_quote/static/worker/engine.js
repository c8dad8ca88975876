// @ts-check
// The engine's start inside a loaded Pyodide, shared by the browser's worker and by the build
// (build-runtime.js traces and snapshots exactly this start). Amounts cross as decimal strings
// inside JSON text, never as JS numbers: requests and answers stay JSON text end to end.

/**
 * @typedef {object} Pyodide the parts of the Pyodide API used here
 * @property {(code: string) => any} runPython
 * @property {(buffer: ArrayBuffer | Uint8Array, format: string, options?: {extractDir?: string}) => void} unpackArchive
 * @property {(name: string) => any} pyimport
 */

/**
 * @typedef {object} PageView one page's estimators (quote_view.browser.Page)
 * @property {(product: string, formJson: string) => string} update the estimate, as JSON text
 * @property {() => void} close
 */

/**
 * @typedef {object} Engine
 * @property {Pyodide} pyodide
 * @property {(requestJson: string) => string} quote the engine's answer, as JSON text
 * @property {(configJson: string) => PageView} page the view of one page (its language)
 * @property {() => void} close
 */

/**
 * Start the engine in a loaded Pyodide: unpack the wheel (engine and view) into site-packages
 * and bind quote_json and the view to the catalog.
 *
 * @param {Pyodide} pyodide the loaded Pyodide API
 * @param {ArrayBuffer | Uint8Array} wheel the wheel's bytes (quote_engine and quote_view)
 * @param {string} catalogJson the catalog as JSON text
 * @param {ArrayBuffer | Uint8Array} [compiled] the wheel's modules compiled by the build
 *   (__pycache__ entries), so importing them compiles nothing
 * @returns {Engine}
 */
export function startEngine(pyodide, wheel, catalogJson, compiled) {
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(wheel, "wheel", { extractDir: sitePackages });
  if (compiled) pyodide.unpackArchive(compiled, "zip", { extractDir: sitePackages });
  const engine = pyodide.pyimport("quote_engine");
  const browser = pyodide.pyimport("quote_view.browser");
  // Everything alive now lives as long as the page: keep it out of the garbage collector's
  // passes, which would otherwise walk it on every collection during a recalculation.
  pyodide.runPython("import gc; gc.collect(); gc.freeze()");
  const quoteJson = engine.quote_json;
  const Page = browser.Page;
  return {
    pyodide,
    quote(requestJson) {
      if (typeof requestJson !== "string") {
        throw new TypeError("a request crosses to Python as JSON text");
      }
      return quoteJson(requestJson, catalogJson);
    },
    page(configJson) {
      const page = Page(configJson, catalogJson);
      const update = page.update;
      return {
        update: (product, formJson) => String(update(product, formJson)),
        close() {
          update.destroy();
          page.destroy();
        },
      };
    },
    close() {
      quoteJson.destroy();
      Page.destroy();
      browser.destroy();
      engine.destroy();
    },
  };
}

/**
 * The heap image from the build's sparse layout (build-runtime.js `sparse`).
 *
 * @param {Uint8Array} bytes
 * @returns {Uint8Array}
 */
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
