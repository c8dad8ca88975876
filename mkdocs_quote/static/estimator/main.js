// @ts-check
// The page's estimators: read the page's config, share one Python among them, bring each to
// life. Runs as a module script on pages that have an estimator (the build adds it).

import { Estimator } from "./controller.js";
import { Texts } from "./messages.js";
import { Runtime } from "./runtime.js";
import { readFragment } from "./state.js";

function main() {
  const element = document.getElementById("hc-config");
  const roots = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-quote-widget]"));
  if (!element || !roots.length) return;
  const config = JSON.parse(element.textContent || "{}").estimator;
  if (!config) return;
  const texts = new Texts(config.view.messages, config.view.locale, config.view.settings?.values);
  const runtime = new Runtime(config);
  /** @type {Map<string, number>} */
  const keys = new Map();
  const estimators = Array.from(roots, (root) => {
    // Two estimators of one product on a page get qe-dns and qe-dns-2 in their links.
    const base = root.dataset.share || `qe-${root.dataset.product}`;
    const count = (keys.get(base) || 0) + 1;
    keys.set(base, count);
    return new Estimator(root, runtime, texts, count === 1 ? base : `${base}-${count}`);
  });
  for (const estimator of estimators) {
    try {
      estimator.start();
    } catch (error) {
      console.error(error); // one estimator failing never stops the others
    }
  }
  window.addEventListener("hashchange", () => {
    const entries = readFragment(location.hash);
    for (const estimator of estimators) {
      try {
        estimator.applyLink(entries.get(estimator.shareKey));
      } catch (error) {
        console.error(error);
      }
    }
  });
}

main();
