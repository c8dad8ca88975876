// @ts-check
// What an estimator's inputs hold, and its share link. The state is the inputs' raw text, as
// the reader typed or chose it: reading it (dates, counts and amounts in the page's language)
// is the view's job, in Python, the same code the build used for the prerendered estimate.

/**
 * @typedef {{[name: string]: string | string[]}} FormState input name -> its text, or the
 *   checked values of a group of checkboxes
 */

/** Inputs a link carries, in its order. */
export const LINK_KEYS = [
  "plan", "cycle", "due", "today", "quantity", "addons",
  "to_plan", "to_cycle", "to_quantity", "to_addons", "currency", "tax_region", "credit",
];
const LISTS = new Set(["addons", "to_addons"]);
/** The longest link entry read for one estimator; anything longer is not a link we wrote. */
export const MAX_LINK_LENGTH = 2000;
/** The longest value of one input in a link. */
const MAX_VALUE_LENGTH = 64;

/**
 * @param {HTMLFormElement} form
 * @param {string} name
 * @returns {HTMLInputElement | HTMLSelectElement | null}
 */
export function control(form, name) {
  return form.querySelector(`[data-input="${name}"]:not([type="checkbox"])`);
}

/**
 * The inputs' state.
 *
 * @param {HTMLFormElement} form
 * @returns {FormState}
 */
export function readForm(form) {
  /** @type {FormState} */
  const state = {};
  for (const element of form.querySelectorAll("[data-input]")) {
    const input = /** @type {HTMLInputElement | HTMLSelectElement} */ (element);
    const name = input.dataset.input || "";
    if (input instanceof HTMLInputElement && input.type === "checkbox") {
      const list = /** @type {string[]} */ (state[name] || []);
      if (input.checked) list.push(input.value);
      state[name] = list;
    } else {
      state[name] = input.value;
    }
  }
  return state;
}

/**
 * Put a state into the inputs. A select takes only a value it offers and a date only an ISO
 * date; texts are written as they are (the view then says what it made of them).
 *
 * @param {HTMLFormElement} form
 * @param {FormState} state
 * @returns {boolean} whether every value of `state` could be put in
 */
export function writeForm(form, state) {
  let complete = true;
  for (const [name, value] of Object.entries(state)) {
    if (LISTS.has(name)) {
      const boxes = /** @type {NodeListOf<HTMLInputElement>} */ (
        form.querySelectorAll(`[data-input="${name}"][type="checkbox"]`)
      );
      const wanted = Array.isArray(value) ? value : [];
      const known = new Set(Array.from(boxes, (box) => box.value));
      if (!wanted.every((v) => known.has(v))) complete = false;
      for (const box of boxes) box.checked = wanted.includes(box.value);
      continue;
    }
    const input = control(form, name);
    if (!input || typeof value !== "string") {
      complete = false;
      continue;
    }
    if (input instanceof HTMLSelectElement) {
      if (Array.from(input.options).some((option) => option.value === value)) input.value = value;
      else complete = false;
    } else if (input.type === "date") {
      if (/^\d{4}-\d{2}-\d{2}$/.test(value)) input.value = value;
      else complete = false;
    } else {
      input.value = value;
    }
  }
  return complete;
}

/**
 * Two states hold the same values.
 *
 * @param {FormState} a
 * @param {FormState} b
 */
export function sameState(a, b) {
  return JSON.stringify(LINK_KEYS.map((k) => a[k] ?? null)) ===
    JSON.stringify(LINK_KEYS.map((k) => b[k] ?? null));
}

// Link format: #qe-dns=plan.basic~cycle.monthly~due.2026-12-01~... ; lists joined with "+",
// values percent-encoded, so the fragment reads the same copied, pasted or mailed.

/**
 * @param {FormState} state
 * @returns {string}
 */
export function encodeState(state) {
  return LINK_KEYS.filter((key) => key in state)
    .map((key) => {
      const value = state[key];
      const text = Array.isArray(value) ? value.map(encodeURIComponent).join("+") : encodeURIComponent(value);
      return `${key}.${text}`;
    })
    .join("~");
}

/**
 * A link entry as a state, or null when it is not one this page wrote: broken escapes, unknown
 * or repeated keys, values too long for any input, or a text too long to be a link at all.
 *
 * @param {string} text
 * @returns {FormState | null}
 */
export function decodeState(text) {
  if (typeof text !== "string" || text.length > MAX_LINK_LENGTH) return null;
  /** @type {FormState} */
  const out = {};
  for (const part of text.split("~")) {
    const dot = part.indexOf(".");
    if (dot < 1) return null;
    const key = part.slice(0, dot);
    if (!LINK_KEYS.includes(key) || key in out) return null;
    const raw = part.slice(dot + 1);
    try {
      if (LISTS.has(key)) {
        const items = raw ? raw.split("+").map((item) => decodeURIComponent(item)) : [];
        if (items.some((item) => item.length > MAX_VALUE_LENGTH)) return null;
        out[key] = items;
      } else {
        const value = decodeURIComponent(raw);
        if (value.length > MAX_VALUE_LENGTH) return null;
        out[key] = value;
      }
    } catch {
      return null; // a broken %-escape
    }
  }
  return out;
}

/**
 * The estimators' entries of the page's fragment (`#qe-dns=...&qe-email=...`), by key.
 *
 * @param {string} hash location.hash
 * @returns {Map<string, string>}
 */
export function readFragment(hash) {
  /** @type {Map<string, string>} */
  const entries = new Map();
  for (const part of hash.replace(/^#/, "").split("&")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.startsWith("qe-")) entries.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return entries;
}

/**
 * The fragment with one estimator's entry set, the others kept.
 *
 * @param {string} hash location.hash
 * @param {string} key
 * @param {string} value
 */
export function fragmentWith(hash, key, value) {
  const entries = readFragment(hash);
  entries.set(key, value);
  return "#" + Array.from(entries, ([k, v]) => `${k}=${v}`).join("&");
}
