// @ts-check
// One estimator on the page: its inputs, its link, and what it shows. Every `[data-quote-widget]`
// arrives complete from the build: a form filled in, disabled until this script runs, and a
// prerendered estimate. From the first live answer on, the view (Python, in the worker) says
// what to show; this controller only puts it in place, marks what is not current, and keeps
// the address bar's link in step.

import { decodeState, encodeState, fragmentWith, readForm, readFragment, sameState, writeForm } from "./state.js";

/** @typedef {import("./state.js").FormState} FormState */
/** @typedef {import("./runtime.js").Runtime} Runtime */
/** @typedef {import("./messages.js").Texts} Texts */

/**
 * @typedef {object} Answer what the view answers for a state (quote_view.estimator.update)
 * @property {"live" | "invalid"} state
 * @property {object | null} request
 * @property {string | null} result
 * @property {string | null} summary
 * @property {string} status
 * @property {Record<string, {problem: string | null, echo: string | null}>} hints
 * @property {{to_plan: [string, string][]}} options
 */

const VIEW_PIXELS = 200;
const VIEW_MARGIN = `${VIEW_PIXELS}px`;
const URL_DELAY_MS = 400;
const SLOW_MS = 200;
const STEPS = { download: 1, python: 2, engine: 3 };
const MB = 1e6;

export class Estimator {
  /**
   * @param {HTMLElement} root
   * @param {Runtime} runtime
   * @param {Texts} texts
   * @param {string} shareKey the key of this estimator's entry in the page's fragment
   */
  constructor(root, runtime, texts, shareKey) {
    this.root = root;
    this.runtime = runtime;
    this.texts = texts;
    this.shareKey = shareKey;
    this.product = root.dataset.product || "";
    this.form = /** @type {HTMLFormElement} */ (root.querySelector("[data-form]"));
    this.status = /** @type {HTMLElement} */ (root.querySelector('[data-field="status"]'));
    this.result = /** @type {HTMLElement} */ (root.querySelector('[data-field="result"]'));
    this.summary = /** @type {HTMLElement | null} */ (root.querySelector('[data-field="summary"]'));
    this.retryButton = /** @type {HTMLButtonElement | null} */ (root.querySelector('[data-action="retry"]'));
    /** The inputs of the estimate on screen (the prerendered one at first). */
    this.defaults = readForm(this.form);
    /** @type {FormState} */
    this.shown = this.defaults;
    this.busy = false;
    this.again = false;
    this.touched = false;
    /** A notice that stays beside the status until the reader changes something. */
    this.linkNotice = "";
    this.bestProgress = 0;
    /** The highest start-up step shown so far: the status never goes back a step. */
    this.stepShown = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.urlTimer = undefined;
  }

  start() {
    for (const group of this.form.querySelectorAll("fieldset.qe__group")) {
      /** @type {HTMLFieldSetElement} */ (group).disabled = false;
    }
    const share = /** @type {HTMLElement | null} */ (this.root.querySelector("[data-share-controls]"));
    if (share) share.hidden = false;
    this.root.querySelector('[data-action="copy-link"]')?.addEventListener("click", () => this.copyLink());
    this.retryButton?.addEventListener("click", () => this.retry());
    this.form.addEventListener("submit", (event) => event.preventDefault());
    const changed = () => {
      this.touched = true;
      this.linkNotice = "";
      this.runtime.start();
      this.update();
    };
    this.form.addEventListener("input", changed);
    this.form.addEventListener("change", changed);
    this.runtime.on((event) => this.onRuntime(event));
    this.updateLink();
    if (this.applyLink(readFragment(location.hash).get(this.shareKey))) {
      this.root.scrollIntoView({ block: "start" });
    } else if ("IntersectionObserver" in window) {
      /** @type {IntersectionObserver | null} */
      let observer = null;
      const start = () => {
        observer?.disconnect();
        removeEventListener("scroll", inView);
        removeEventListener("load", inView);
        this.runtime.start();
      };
      // The browser's own scroll to a #fragment after load does not always reach the
      // observer: the first scroll and the load event check the position too.
      const inView = () => {
        const box = this.root.getBoundingClientRect();
        if (box.top < innerHeight + VIEW_PIXELS && box.bottom > -VIEW_PIXELS) start();
      };
      observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) start();
        },
        { rootMargin: VIEW_MARGIN },
      );
      observer.observe(this.root);
      addEventListener("scroll", inView, { passive: true });
      addEventListener("load", inView);
      if (document.readyState === "complete") inView();
    } else {
      this.runtime.start();
    }
    if (this.runtime.state !== "idle") this.onRuntime({ type: this.runtime.state === "ready" ? "ready" : "starting" });
  }

  /**
   * Open the estimator on a link's state. A link this estimator cannot use (broken, from
   * another version of the page, or hostile) leaves it on its defaults, and says so.
   *
   * @param {string | undefined} entry
   * @returns {boolean} whether there was a link entry for this estimator
   */
  applyLink(entry) {
    if (entry === undefined) return false;
    if (entry === encodeState(readForm(this.form))) return true;
    const state = decodeState(entry);
    const usable = state !== null && writeForm(this.form, state);
    if (!usable) {
      writeForm(this.form, this.defaults);
      this.linkNotice = this.texts.fill("widget.link_unreadable");
    }
    this.touched = usable;
    this.runtime.start();
    this.update();
    return true;
  }

  /** @param {import("./runtime.js").RuntimeEvent} event */
  onRuntime(event) {
    if (event.type === "starting") {
      if (this.root.dataset.state === "static") this.setState("loading");
      this.say(this.texts.fill("widget.status.loading", { step: 1, steps: 3 }));
    } else if (event.type === "progress") {
      // Progress only moves forward: a late download report (the worker downloads the
      // snapshot or the engine while Python starts) never takes the step back.
      if (this.stepShown > STEPS.download) return;
      this.bestProgress = Math.max(this.bestProgress, event.loaded);
      const total = Math.max(event.total, this.bestProgress);
      this.say(this.texts.fill("widget.status.downloading", {
        step: STEPS.download,
        steps: 3,
        loaded: this.texts.number(this.bestProgress / MB, 1),
        total: this.texts.number(total / MB, 1),
      }));
    } else if (event.type === "stage") {
      const step = event.stage === "python" ? STEPS.python : STEPS.engine;
      if (step < this.stepShown) return;
      this.stepShown = step;
      this.say(this.texts.fill(`widget.status.${event.stage}`, { step, steps: 3 }));
    } else if (event.type === "ready") {
      this.update();
    } else if (event.type === "failed") {
      this.fallBack(event.reason);
    }
  }

  /** @param {string} state */
  setState(state) {
    if (this.root.dataset.state !== state) this.root.dataset.state = state;
  }

  /** @param {string} text */
  say(text) {
    const shown = this.linkNotice ? `${this.linkNotice} ${text}` : text;
    if (this.status.textContent !== shown) this.status.textContent = shown;
  }

  /** The estimate on screen is not the inputs' one (or is again): mark it so. */
  markStale() {
    const stale = !sameState(readForm(this.form), this.shown);
    this.root.classList.toggle("qe--stale", stale);
    return stale;
  }

  /** Python is not coming: keep the estimate shown, make the form match it, say why. */
  /** @param {string} reason */
  fallBack(reason) {
    this.setState("error");
    writeForm(this.form, this.shown);
    this.root.classList.remove("qe--stale");
    for (const group of this.form.querySelectorAll("fieldset.qe__group")) {
      /** @type {HTMLFieldSetElement} */ (group).disabled = true;
    }
    const key = this.texts.has(`widget.error.${reason}`) ? `widget.error.${reason}` : "widget.error.crash";
    this.say(this.texts.fill("widget.status.error", { reason: this.texts.fill(key) }));
    if (this.retryButton) this.retryButton.hidden = false;
  }

  retry() {
    if (this.retryButton) this.retryButton.hidden = true;
    for (const group of this.form.querySelectorAll("fieldset.qe__group")) {
      /** @type {HTMLFieldSetElement} */ (group).disabled = false;
    }
    this.bestProgress = 0;
    this.stepShown = 0;
    this.setState("loading");
    this.runtime.retry();
  }

  update() {
    if (this.runtime.state === "failed") return;
    if (this.runtime.state !== "ready") {
      // The answer waits for Python: the estimate on screen is marked as not the inputs' one.
      this.markStale();
      return;
    }
    if (this.busy) {
      this.again = true;
      return;
    }
    this.calculate(readForm(this.form));
  }

  /** @param {FormState} state */
  async calculate(state) {
    this.busy = true;
    // Most answers take a few milliseconds: say "Calculating" only when one is slow, so a
    // screen reader is not told twice per change.
    const slow = setTimeout(() => this.say(this.texts.fill("widget.status.calculating")), SLOW_MS);
    const started = performance.now();
    try {
      const { answer, ms, received } = await this.runtime.update(this.product, state);
      clearTimeout(slow);
      this.show(state, answer);
      const shown = performance.now();
      this.root.dispatchEvent(
        new CustomEvent("qe:result", {
          bubbles: true,
          // For bench/: where a recalculation's time goes.
          detail: { engineMs: ms, answerMs: received - started, redrawMs: shown - received,
                    roundTripMs: shown - started, answer },
        }),
      );
    } catch (error) {
      clearTimeout(slow);
      if (this.runtime.state !== "failed") this.runtime.fail("crash", String(error));
    } finally {
      this.busy = false;
    }
    if (this.again) {
      this.again = false;
      this.update();
    }
  }

  /**
   * Put the view's answer in place.
   *
   * @param {FormState} state the inputs it answers
   * @param {Answer} answer
   */
  show(state, answer) {
    this.showHints(answer.hints);
    this.showOptions(answer.options);
    if (answer.state === "live" && answer.result !== null) {
      const next = document.createElement("template");
      next.innerHTML = answer.result;
      // Identical words need no redraw: the first live answer usually equals the prerendered
      // one, and a polite live region would read it out again for nothing.
      if (next.content.textContent !== this.result.textContent) this.result.replaceChildren(next.content);
      if (this.summary && answer.summary !== null && this.summary.innerHTML !== answer.summary) {
        this.summary.innerHTML = answer.summary;
      }
      this.shown = state;
      this.root.dataset.request = JSON.stringify(answer.request);
      this.setState("live");
      if (this.touched) this.updateLink(true);
    } else if (this.root.dataset.state !== "live") {
      this.setState("live");
    }
    this.markStale();
    this.say(answer.status);
  }

  /** @param {Answer["hints"]} hints */
  showHints(hints) {
    for (const [name, hint] of Object.entries(hints)) {
      const input = this.form.querySelector(`[data-input="${name}"]`);
      const element = /** @type {HTMLElement | null} */ (this.form.querySelector(`[data-hint="${name}"]`));
      const text = hint.problem || hint.echo || "";
      if (element) {
        if (element.textContent !== text) element.textContent = text;
        element.classList.toggle("qe__hint--problem", Boolean(hint.problem));
        element.classList.toggle("qe__hint--echo", !hint.problem && Boolean(hint.echo));
      }
      if (input) {
        if (hint.problem) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    }
  }

  /** @param {Answer["options"]} options */
  showOptions(options) {
    const select = this.form.querySelector('[data-input="to_plan"]');
    if (!(select instanceof HTMLSelectElement)) return;
    const labels = new Map(options.to_plan);
    for (const option of select.options) {
      const label = labels.get(option.value);
      if (label !== undefined && option.textContent !== label) option.textContent = label;
    }
  }

  link() {
    const url = new URL(location.href);
    url.hash = fragmentWith(location.hash, this.shareKey, encodeState(readForm(this.form)));
    return url.href;
  }

  updateLink(replaceUrl = false, now = false) {
    const href = this.link();
    const field = /** @type {HTMLInputElement | null} */ (this.root.querySelector('[data-field="link"]'));
    if (field) field.value = href;
    if (!replaceUrl) return;
    // history.replaceState is a synchronous trip to the browser process (~20 ms in Chromium):
    // the address bar follows the inputs once they rest, not on every keystroke.
    clearTimeout(this.urlTimer);
    const apply = () => {
      const latest = this.link();
      if (latest !== location.href) history.replaceState(history.state, "", latest);
    };
    if (now) apply();
    else this.urlTimer = setTimeout(apply, URL_DELAY_MS);
  }

  async copyLink() {
    this.updateLink(true, true);
    const field = /** @type {HTMLInputElement | null} */ (this.root.querySelector('[data-field="link"]'));
    if (!field) return;
    try {
      await navigator.clipboard.writeText(field.value);
      this.say(this.texts.fill("widget.link_copied"));
    } catch {
      field.focus();
      field.select();
      this.say(this.texts.fill("widget.link_select"));
    }
  }
}
