// Build step run by mkdocs_quote/runtime.py (never shipped to the site): the standard library
// the browser needs, compiled to byte code for Pyodide's Python.
//
//   node build-runtime.js PYODIDE_DIR WHEEL CATALOG VIEW_CONFIG OUT_DIR
//
// Pyodide ships its standard library as .py sources (2.5 MB zipped), and compiling the ~130
// modules that start-up and the engine import is most of a plain start (1.5 of 2.5 s in
// Chromium). This script starts Pyodide in Node exactly the way the worker does (the shared
// `startEngine` of worker.js), runs quotes over the whole catalog so every code path imports
// what it needs, then writes those modules, and only those, as .pyc files compiled by this very
// Pyodide (so the magic number and the byte code match) into OUT_DIR/python_stdlib.zip, and the
// engine's own modules, compiled the same way, into OUT_DIR/quote_engine.pyc.zip (laid out as
// site-packages' __pycache__, so unpacked beside the wheel's sources they are used as they
// are), and a memory snapshot of Python with the engine started into OUT_DIR/snapshot.bin.gz.
// Prints a JSON summary.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startEngine, unsparse } from "./worker/engine.js";

const [pyodideDir, wheelPath, catalogPath, viewPath, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node build-runtime.js PYODIDE_DIR WHEEL CATALOG VIEW_CONFIG OUT_DIR");
  process.exit(2);
}

const indexURL = resolve(pyodideDir) + "/";
const { loadPyodide } = await import(pathToFileURL(indexURL + "pyodide.mjs").href);
const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: () => {} });
const catalogJson = readFileSync(catalogPath, "utf8");
const engine = startEngine(pyodide, new Uint8Array(readFileSync(wheelPath)), catalogJson);

// Every plan pair, cycle pair, currency and tax region of the catalog, each on a day inside
// and near the end of the period (downgrade windows), plus malformed requests: every branch
// of the engine that could import a module runs at least once.
const catalog = JSON.parse(catalogJson);
const requests = [];
const taxRegions = [null, ...Object.keys(catalog.taxes || {})];
for (const [productId, product] of Object.entries(catalog.products || {})) {
  const plans = Object.entries(product.plans || {});
  const addons = Object.keys(product.addons || {});
  const quantity = product.quantity || null;
  let n = 0;
  for (const [from, fromPlan] of plans) {
    for (const [currency, prices] of Object.entries(fromPlan.prices || {})) {
      for (const cycle of Object.keys(prices)) {
        for (const [to] of plans) {
          for (const toCycle of Object.keys(prices)) {
            n += 1;
            const today = n % 2 ? "2026-11-15" : "2026-11-25";
            const request = {
              product: productId,
              currency,
              today,
              current: {
                plan: from,
                cycle,
                quantity: quantity ? 2 : 1,
                period_start: "2026-11-01",
                period_end: cycle === "monthly" ? "2026-12-01" : "2027-11-01",
                addons: addons.slice(0, n % 2),
              },
              target: {
                plan: to,
                cycle: toCycle,
                quantity: quantity ? 1 + (n % 3) : 1,
                addons: addons.slice(n % 2),
              },
              account: { credit_balance: n % 3 ? "0" : "1000" },
            };
            const region = taxRegions[n % taxRegions.length];
            if (region) request.tax_region = region;
            requests.push(JSON.stringify(request));
          }
        }
      }
    }
  }
}
requests.push("{", "[]", '{"product": "nope"}', '{"product": "dns", "currency": 5}');

let ok = 0;
for (const request of requests) {
  if (JSON.parse(engine.quote(request)).ok) ok += 1;
}

// The view renders estimates from the inputs' text, as the page sends it: the same requests
// as form states, and a few unreadable ones, so every module the view needs is traced too.
const viewJson = readFileSync(viewPath, "utf8");
const view = engine.page(viewJson);
const forms = requests.slice(0, -4).map((text) => {
  const r = JSON.parse(text);
  return [r.product, JSON.stringify({
    plan: r.current.plan, cycle: r.current.cycle, due: r.current.period_end, today: r.today,
    quantity: String(r.current.quantity), addons: r.current.addons, to_plan: r.target.plan,
    to_cycle: r.target.cycle, to_quantity: String(r.target.quantity), to_addons: r.target.addons,
    currency: r.currency, tax_region: r.tax_region || "", credit: r.account.credit_balance,
  })];
});
forms.push(["dns", JSON.stringify({ credit: "1.2.3", due: "", today: "x" })]);
let rendered = 0;
for (const [product, form] of forms.filter((_, i) => i % 7 === 0)) {
  if (JSON.parse(view.update(product, form)).state === "live") rendered += 1;
}

const summary = pyodide.runPython(`
import importlib.util, json, os, site, sys, zipfile
import importlib._bootstrap_external as bootstrap

# A Python error raised into JavaScript is formatted with traceback: run one, so the modules
# that formatting needs are loaded too.
try:
    raise ValueError("trace the error path")
except ValueError:
    import traceback
    traceback.format_exc()

def pyc(source, filename):
    code = compile(source, filename, "exec", dont_inherit=True)
    # Unchecked hash-based .pyc (PEP 552): valid without its source, never re-validated.
    return bytes(bootstrap._code_to_hash_pyc(code, importlib.util.source_hash(source), False))

def write(archive, name, data):
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = 0o644 << 16
    archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)

STDLIB = "/lib/python%d%d.zip" % sys.version_info[:2]
names = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
    if origin.startswith(STDLIB + "/") and origin.endswith(".py"):
        names.add(origin[len(STDLIB) + 1:])

source = zipfile.ZipFile(STDLIB)
with zipfile.ZipFile("/stdlib.zip", "w") as out:
    for name in sorted(names):
        write(out, name + "c", pyc(source.read(name), STDLIB + "/" + name))

packages = site.getsitepackages()[0]
engine = []
with zipfile.ZipFile("/engine.zip", "w") as out:
    for folder, _, files in sorted(
    item for name in ("quote_engine", "quote_view")
    for item in os.walk(os.path.join(packages, name))
):
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            with open(path, "rb") as f:
                data = f.read()
            cached = importlib.util.cache_from_source(path)
            write(out, os.path.relpath(cached, packages), pyc(data, path))
            engine.append(os.path.relpath(path, packages))
json.dumps({"modules": sorted(names), "engine": engine, "python": sys.version.split()[0]})
`);
const { mkdirSync, writeFileSync } = await import("node:fs");
mkdirSync(outDir, { recursive: true });
writeFileSync(resolve(outDir, "python_stdlib.zip"), pyodide.FS.readFile("/stdlib.zip"));
writeFileSync(resolve(outDir, "quote_engine.pyc.zip"), pyodide.FS.readFile("/engine.zip"));
// The memory snapshot: a second Pyodide started the browser's way (the trimmed library, the
// lock file's info alone), the engine started by the shared startEngine and warmed up on the
// catalog (whose validation the engine caches by text), then Python's whole heap saved.
const lockInfo = JSON.parse(readFileSync(indexURL + "pyodide-lock.json", "utf8")).info;
const fresh = await loadPyodide({
  indexURL,
  stdLibURL: resolve(outDir, "python_stdlib.zip"),
  lockFileContents: { info: lockInfo, packages: {} },
  stdout: () => {},
  stderr: () => {},
  _makeSnapshot: true,
});
const warm = startEngine(
  fresh,
  new Uint8Array(readFileSync(wheelPath)),
  catalogJson,
  new Uint8Array(readFileSync(resolve(outDir, "quote_engine.pyc.zip"))),
);
for (const request of requests.slice(0, 200)) warm.quote(request);
const warmView = warm.page(viewJson);
for (const [product, form] of forms.slice(0, 50)) warmView.update(product, form);
warmView.close();
warm.close();
fresh.runPython("import gc; gc.collect()");
const { gzipSync, gunzipSync } = await import("node:zlib");
const image = fresh.makeMemorySnapshot();
const stored = gzipSync(sparse(image), { level: 9 });

// Restore what is stored, the way the worker does, and check it quotes as the traced engine.
const restored = await loadPyodide({
  indexURL,
  stdLibURL: resolve(outDir, "python_stdlib.zip"),
  lockFileContents: { info: lockInfo, packages: {} },
  stdout: () => {},
  stderr: () => {},
  _loadSnapshot: unsparse(new Uint8Array(gunzipSync(stored))),
});
const check = startEngine(
  restored,
  new Uint8Array(readFileSync(wheelPath)),
  catalogJson,
  new Uint8Array(readFileSync(resolve(outDir, "quote_engine.pyc.zip"))),
);
for (const request of requests.filter((_, i) => i % 50 === 0)) {
  if (check.quote(request) !== engine.quote(request)) {
    console.error(`the restored snapshot quotes differently: ${request}`);
    process.exit(1);
  }
}
const checkView = check.page(viewJson);
for (const [product, form] of forms.filter((_, i) => i % 50 === 0)) {
  if (checkView.update(product, form) !== view.update(product, form)) {
    console.error(`the restored snapshot renders differently: ${form}`);
    process.exit(1);
  }
}
writeFileSync(resolve(outDir, "snapshot.bin.gz"), stored);

const result = JSON.parse(summary);
result.snapshotBytes = image.length;
result.quotes = requests.length;
result.accepted = ok;
result.rendered = rendered;
result.pyodide = pyodide.version;
console.log(JSON.stringify(result));

/**
 * The snapshot without its all-zero pages (60% of the 31 MB heap image), so the browser inflates
 * 12 MB instead of 31 MB. Layout (little-endian): "QESNAP01", the image's length, the page size,
 * the number of pages kept, their indices, then the pages; worker.js `unsparse` reverses it.
 */
function sparse(image, page = 4096) {
  const words = new Uint32Array(image.buffer, image.byteOffset, image.byteLength >> 2);
  const kept = [];
  for (let index = 0; index * page < image.length; index += 1) {
    const start = (index * page) >> 2;
    const end = Math.min(start + (page >> 2), words.length);
    for (let i = start; i < end; i += 1) {
      if (words[i] !== 0) {
        kept.push(index);
        break;
      }
    }
  }
  const header = 20 + 4 * kept.length;
  const out = new Uint8Array(header + kept.length * page);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode("QESNAP01"), 0);
  view.setUint32(8, image.length, true);
  view.setUint32(12, page, true);
  view.setUint32(16, kept.length, true);
  let offset = header;
  kept.forEach((index, i) => {
    view.setUint32(20 + 4 * i, index, true);
    out.set(image.subarray(index * page, Math.min((index + 1) * page, image.length)), offset);
    offset += page;
  });
  return out;
}
