// Golden runner for Pyodide under Node: the engine wheel unpacked and quote_json called exactly
// as the browser's worker does (the shared `startEngine` of mkdocs_quote/static/worker/engine.js, which imports nothing from the browser).
//
//   node run_pyodide.mjs PYODIDE_DIR WHEEL CATALOG REQUESTS_JSON [STDLIB_ZIP ENGINE_PYC_ZIP
//                        [SNAPSHOT]]
//
// REQUESTS_JSON holds an array of request texts, or an object {requests, quotes, pages,
// doctests}: `requests` request texts against CATALOG; `quotes` [request, catalog] text pairs
// (a null catalog: CATALOG) answered by the same started engine's quote_json; `pages`
// [{config, updates: [[product, formJson]]}] answered by the worker's own page view
// (`engine.page(config).update`); `doctests` module names whose doctests run in Pyodide.
// Prints {"python", "pyodide", "outputs", "quotes", "pages", "doctests", "compiledFromSource"}
// with each text exactly as Python returned it. STDLIB_ZIP replaces Pyodide's
// standard library and ENGINE_PYC_ZIP adds the engine's byte code, and SNAPSHOT starts Python
// from the memory snapshot, all as the site ships them.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { startEngine, unsparse } from "../../mkdocs_quote/static/worker/engine.js";

const [pyodideDir, wheelPath, catalogPath, requestsPath, stdlibZip, enginePyc, snapshot] =
  process.argv.slice(2);
if (!requestsPath) {
  console.error(
    "usage: node run_pyodide.mjs PYODIDE_DIR WHEEL CATALOG REQUESTS_JSON" +
      " [STDLIB_ZIP ENGINE_PYC_ZIP [SNAPSHOT]]",
  );
  process.exit(2);
}
const indexURL = resolve(pyodideDir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const options = { indexURL, stdout: () => {}, stderr: (line) => process.stderr.write(line + "\n") };
if (stdlibZip) options.stdLibURL = resolve(stdlibZip);
if (snapshot) {
  const info = JSON.parse(readFileSync(indexURL + "pyodide-lock.json", "utf8")).info;
  options.lockFileContents = { info, packages: {} };
  options._loadSnapshot = unsparse(new Uint8Array(gunzipSync(readFileSync(snapshot))));
}
const pyodide = await loadPyodide(options);
// Record every module Python compiles from source while the engine starts: with the build's
// byte code unpacked beside the wheel, no engine module should be among them.
pyodide.runPython(`
import importlib._bootstrap_external as _external
compiled_from_source = []
_source_to_code = _external.SourceLoader.source_to_code
def _spy(self, data, path, *args, **kwargs):
    compiled_from_source.append(path)
    return _source_to_code(self, data, path, *args, **kwargs)
_external.SourceLoader.source_to_code = _spy
`);
const engine = startEngine(
  pyodide,
  new Uint8Array(readFileSync(wheelPath)),
  readFileSync(catalogPath, "utf8"),
  enginePyc ? new Uint8Array(readFileSync(enginePyc)) : undefined,
);
const input = JSON.parse(readFileSync(requestsPath, "utf8"));
const job = Array.isArray(input) ? { requests: input } : input;
const outputs = (job.requests || []).map((/** @type {string} */ text) => engine.quote(text));
const catalogText = readFileSync(catalogPath, "utf8");
const quoteJson = pyodide.pyimport("quote_engine").quote_json;
const quotes = (job.quotes || []).map(([request, catalog]) => quoteJson(request, catalog ?? catalogText));
const pages = (job.pages || []).map(({ config, updates }) => {
  const view = engine.page(config);
  const answers = updates.map(([product, form]) => view.update(product, form));
  view.close();
  return answers;
});
// The shipped standard library is trimmed (no doctest): doctests run only when asked for.
pyodide.globals.set("DOCTEST_MODULES", JSON.stringify(job.doctests || []));
const doctests = !job.doctests?.length ? {} : JSON.parse(pyodide.runPython(`
import doctest, importlib, json
json.dumps({n: list(doctest.testmod(importlib.import_module(n), optionflags=doctest.ELLIPSIS))
            for n in json.loads(DOCTEST_MODULES)})
`));
const python = pyodide.runPython("import sys; sys.version.split()[0]");
process.stdout.write(
  JSON.stringify({
    python,
    pyodide: pyodide.version,
    outputs,
    quotes,
    pages,
    doctests,
    compiledFromSource: pyodide.globals.get("compiled_from_source").toJs(),
  }) + "\n",
);
