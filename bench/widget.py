"""How fast the live estimator starts and recalculates, against a bare Pyodide start.

Serves a built site on 127.0.0.1 with the cache headers a host should send for content-hashed
files (``Cache-Control: public, max-age=31536000, immutable``; HTML ``no-cache``) and, beside it,
a bare page that only starts stock Pyodide (``node_modules/pyodide`` as npm ships it, same
headers) in a module worker and runs ``1 + 1``. Debian's Chromium, driven by Playwright, then
measures in the same run:

- time from navigation to a live estimate (``data-state="live"``, the first result computed in
  the browser), opening ``dns-plan/#estimate`` so the estimator is in view at once, and the same
  for the bare page; their ratio. Cold is a fresh browser profile (empty cache); warm reloads
  with the cache filled by an earlier visit. Both on localhost and on a throttled mobile
  profile (10 Mbit/s down, 5 Mbit/s up, 40 ms round trip, via CDP
  ``Network.emulateNetworkConditions``, which also governs the worker's downloads);
- one recalculation: from an input's change event to the new result in the page (the request
  posted to the worker, quoted by Python, the answer parsed and the result redrawn), p50 and p95
  of many;
- the bytes an article page transfers before the estimator starts (scrolled away from it) and
  after it is live, and that a page without an estimator fetches no Pyodide file.

Targets: live estimate <= 0.5 x bare start on localhost (cold and warm), <= 1.0 x on mobile;
recalculation p95 < 16 ms; no Pyodide byte before the estimator starts or on a page without one.
Prints a Markdown table; exits 1 if a target is missed.

Usage: ``python bench/widget.py [--site DIR] [--runs 3]``. Without ``--site`` it builds the
real site (``mkdocs build``) into a temporary folder first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the tests' server is importable from the root
    sys.path.insert(0, str(ROOT))
from tests import webserver  # noqa: E402
from tests.chromium import CHROMIUM_ARGS  # noqa: E402

PYODIDE = ROOT / "node_modules" / "pyodide"
MOBILE = {
    "offline": False,
    "latency": 40,
    "downloadThroughput": 10_000_000 / 8,
    "uploadThroughput": 5_000_000 / 8,
}
LOCAL_TARGET = 0.5
MOBILE_TARGET = 1.0
RECALC_TARGET_MS = 16.0
RECALCS = 60
TIMEOUT_MS = 180_000

BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare Pyodide</title></head>
<body><p id="out">starting</p><script type="module" src="bare.js"></script></body></html>
"""
BARE_SCRIPT = """
const worker = new Worker("bare-worker.js", { type: "module" });
worker.onmessage = (event) => {
  window.__bareDone = performance.now();
  document.getElementById("out").textContent = String(event.data);
};
"""
BARE_WORKER = """
const { loadPyodide } = await import("./pyodide/pyodide.mjs");
const pyodide = await loadPyodide();
postMessage(pyodide.runPython("1 + 1"));
"""

# Records when each estimator first shows a live result (performance.now(): ms since the
# navigation started), and counts recalculations.
WATCH = """
window.__live = null;
new MutationObserver(() => {
  if (window.__live === null && document.querySelector('[data-quote-widget][data-state="live"]')) {
    window.__live = performance.now();
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-state']});
"""


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site at /, the bare page at /__bare/, stock Pyodide at /__bare/pyodide/, served by
    the tests' own server (the same MIME types and cache headers)."""
    with tempfile.TemporaryDirectory() as bare:
        folder = Path(bare)
        (folder / "index.html").write_text(BARE_PAGE)
        (folder / "bare.js").write_text(BARE_SCRIPT)
        (folder / "bare-worker.js").write_text(BARE_WORKER)
        mounts = {"/": site, "/__bare/": folder, "/__bare/pyodide/": PYODIDE}
        with webserver.serve(mounts) as base:
            yield base


@dataclass
class Profile:
    name: str
    network: dict[str, Any] | None


class Browser:
    """One Chromium profile (a user data folder): cold when new, warm once it has visited."""

    def __init__(self, playwright: Any, network: dict[str, Any] | None) -> None:
        self.folder = tempfile.mkdtemp(prefix="qe-bench-")
        self.context = playwright.chromium.launch_persistent_context(
            self.folder,
            executable_path=shutil.which("chromium"),
            args=CHROMIUM_ARGS,
            service_workers="block",
            bypass_csp=True,  # the page's CSP would refuse the injected watcher
        )
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.page.add_init_script(WATCH)
        if network:
            cdp = self.context.new_cdp_session(self.page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", network)

    def close(self) -> None:
        self.context.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _wait(page: Any, expression: str) -> None:
    """Poll ``expression`` in the page until it is true (``wait_for_function`` needs eval,
    which the page's CSP forbids)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression} still false after {TIMEOUT_MS / 1000:.0f} s")
        time.sleep(0.02)


def time_live(browser: Browser, url: str) -> float:
    browser.page.goto(url)
    _wait(browser.page, "window.__live !== null")
    return float(browser.page.evaluate("window.__live")) / 1000


def time_bare(browser: Browser, url: str) -> float:
    browser.page.goto(url)
    _wait(browser.page, "window.__bareDone !== undefined")
    assert browser.page.locator("#out").inner_text() == "2"
    return float(browser.page.evaluate("window.__bareDone")) / 1000


def with_query(url: str, query: str) -> str:
    """``url`` with a query of its own (a new document, same cached assets), fragment kept."""
    address, _, fragment = url.partition("#")
    return f"{address}?{query}" + (f"#{fragment}" if fragment else "")


def measure(
    playwright: Any, profile: Profile, runs: int, estimator: str, bare: str
) -> dict[str, tuple[float, float, float]]:
    """Per cache state: (median estimator s, median bare s, median of the per-run ratios).

    Each run starts the estimator and the bare page back to back, each in a fresh browser
    profile (cold) and then again in it (warm), so both see the same load on the machine and
    the ratio of a pair is fair even when the machine is busy.
    """
    samples: dict[str, list[tuple[float, float]]] = {"cold": [], "warm": []}
    for run in range(runs):
        pair: dict[str, list[float]] = {"cold": [], "warm": []}
        for timer, url in ((time_live, estimator), (time_bare, bare)):
            browser = Browser(playwright, profile.network)
            try:
                pair["cold"].append(timer(browser, with_query(url, f"cold{run}")))
                pair["warm"].append(timer(browser, with_query(url, f"warm{run}")))
            finally:
                browser.close()
        for state in samples:
            samples[state].append((pair[state][0], pair[state][1]))
    return {
        state: (
            statistics.median(ours for ours, _ in pairs),
            statistics.median(theirs for _, theirs in pairs),
            statistics.median(ours / theirs for ours, theirs in pairs),
        )
        for state, pairs in samples.items()
    }


RECALC_SCRIPT = """
async ([count]) => {
  const root = document.querySelector('[data-quote-widget][data-state="live"]');
  const select = root.querySelector('[data-input="to_plan"]');
  const values = Array.from(select.options, (o) => o.value);
  const times = [];
  for (let i = 0; i < count; i++) {
    const done = new Promise((resolve) =>
      root.addEventListener('qe:result', (event) => resolve(event.detail), {once: true}));
    const t0 = performance.now();
    select.value = values[i % values.length];
    select.dispatchEvent(new Event('change', {bubbles: true}));
    const detail = await done;  // dispatched once the new result is in the DOM
    times.push([performance.now() - t0, detail.engineMs]);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  return times;
}
"""


def recalculations(playwright: Any, base: str) -> list[list[float]]:
    browser = Browser(playwright, None)
    try:
        time_live(browser, base + "dns-plan/?recalc#estimate")
        browser.page.wait_for_timeout(500)  # let the first result's follow-up labelling finish
        times: list[list[float]] = browser.page.evaluate(RECALC_SCRIPT, [RECALCS])
        return times
    finally:
        browser.close()


def transferred(playwright: Any, base: str) -> dict[str, Any]:
    """Bytes an article moves before and after its estimator starts; a page without one."""
    browser = Browser(playwright, None)
    sizes: list[tuple[str, int]] = []

    def record(request: Any) -> None:
        try:
            size = request.sizes()
            sizes.append((request.url, size["responseBodySize"] + size["responseHeadersSize"]))
        except Exception:  # a request without a response body (aborted, cached)
            sizes.append((request.url, 0))

    try:
        browser.context.on("requestfinished", record)
        page = browser.page
        page.goto(base + "glossary/?bytes")
        page.wait_for_load_state("networkidle")
        plain = [url for url, _ in sizes if "/assets/quote/" in url]
        sizes.clear()
        page.goto(base + "dns-plan/?bytes")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        before = sum(size for _, size in sizes)
        before_python = [url for url, _ in sizes if "/pyodide-" in url or "/worker." in url]
        page.locator("[data-quote-widget]").first.scroll_into_view_if_needed()
        _wait(page, "window.__live !== null")
        page.wait_for_load_state("networkidle")
        after = sum(size for _, size in sizes)
        return {
            "plain_pyodide_files": plain,
            "before": before,
            "before_python": before_python,
            "after": after,
        }
    finally:
        browser.close()


def build_site(folder: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(folder)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{done.stdout}\n{done.stderr}")


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    """Measure and print the estimator's table.

    Long: the measurements run in one sequence, each row beside its reference.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_site(site)
        rows: list[tuple[str, str, str, str]] = []
        failed = False
        with serve(site) as base, sync_playwright() as playwright:
            estimator = base + "dns-plan/#estimate"
            bare = base + "__bare/index.html"
            profiles = [Profile("localhost", None), Profile("mobile 10 Mbit/s, 40 ms", MOBILE)]
            for profile in profiles:
                result = measure(playwright, profile, args.runs, estimator, bare)
                target = LOCAL_TARGET if profile.network is None else MOBILE_TARGET
                for state, (ours, theirs, ratio) in result.items():
                    ok = ratio <= target
                    failed |= not ok
                    rows.append(
                        (
                            f"live estimate, {profile.name}, {state}",
                            f"{ours:.2f} s vs bare Pyodide {theirs:.2f} s: {ratio:.2f} x",
                            f"<= {target} x bare",
                            verdict(ok),
                        )
                    )
            samples = recalculations(playwright, base)
            times = [total for total, _ in samples]
            p50 = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[18]
            engine = statistics.median(python for _, python in samples)
            ok = p95 < RECALC_TARGET_MS
            failed |= not ok
            rows.append(
                (
                    f"recalculation ({len(times)} changes)",
                    f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (Python's share: p50 {engine:.1f} ms)",
                    f"p95 < {RECALC_TARGET_MS:.0f} ms",
                    verdict(ok),
                )
            )
            moved = transferred(playwright, base)
            ok = not moved["before_python"]
            failed |= not ok
            rows.append(
                (
                    "bytes of dns-plan/: before the estimator starts / after it is live",
                    f"{moved['before'] / 1e6:.2f} MB / {moved['after'] / 1e6:.2f} MB",
                    "no Pyodide file before it starts",
                    verdict(ok),
                )
            )
            ok = not moved["plain_pyodide_files"]
            failed |= not ok
            rows.append(
                (
                    "page without an estimator (glossary/)",
                    f"{len(moved['plain_pyodide_files'])} estimator files fetched",
                    "0",
                    verdict(ok),
                )
            )
    print("| measurement | result | target | verdict |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
