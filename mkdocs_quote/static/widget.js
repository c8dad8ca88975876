// The live estimator. Each `[data-quote-widget]` arrives complete from the build: a form filled
// in and a prerendered estimate. This script starts Python (Pyodide and the quote engine, in a
// module Web Worker) when an estimator comes into view or is first used, and from then on
// redraws the estimate from the engine's answers, written with the browser's Intl in the
// page's language. Until the first live answer the prerendered estimate stays; if Python cannot
// start it stays for good, with a notice.
//
// Everything the script shows in words comes from the page's `#qe-config` JSON (the build's
// messages): this file holds no locale tables. Amounts stay decimal strings end to end: they
// are read from and written to the engine's JSON text and handed to Intl.NumberFormat as
// strings, which formats decimal strings exactly.

const PLAN_REFUSALS = ["support_only", "path_not_allowed", "downgrade_not_allowed"];
const POLICY_REFUSALS = new Set([
  "one_change_at_a_time",
  "path_not_allowed",
  "support_only",
  "downgrade_not_allowed",
  "downgrade_outside_window",
]);
const STALL_MS = 30000; // no word from the worker for this long while starting = give up
const VIEW_MARGIN = "200px";
const URL_DELAY_MS = 400;
const FIELD = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const AMOUNT = /^[0-9]+(\.[0-9]+)?$/;

// -- words and numbers ------------------------------------------------------------------------

function escapeHtml(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
}

/** Messages and Intl formats of the page's language. */
class Texts {
  constructor(config) {
    this.messages = config.messages;
    this.locale = config.locale;
    this.numberingSystem = config.numberingSystem;
    this.currencyDigits = config.currencyDigits;
    this.plurals = new Intl.PluralRules(this.locale);
    this.formats = new Map();
    const parts = this.numberFormat({ useGrouping: true }).formatToParts("12345.5");
    this.decimalSign = (parts.find((p) => p.type === "decimal") || { value: "." }).value;
    this.groupSign = (parts.find((p) => p.type === "group") || { value: "" }).value;
    const digits = this.numberFormat({ useGrouping: false });
    this.digitValues = new Map();
    for (let d = 0; d <= 9; d += 1) this.digitValues.set(digits.format(String(d)), String(d));
  }

  numberFormat(options) {
    const key = JSON.stringify(options);
    let format = this.formats.get(key);
    if (!format) {
      format = new Intl.NumberFormat(this.locale, {
        numberingSystem: this.numberingSystem,
        ...options,
      });
      this.formats.set(key, format);
    }
    return format;
  }

  has(key) {
    return Object.prototype.hasOwnProperty.call(this.messages, key);
  }

  /** The message `key` with its {fields} filled in; plural forms chosen by `count`. */
  fill(key, values = {}) {
    let message = this.messages[key];
    if (message === undefined) return key;
    if (typeof message === "object") {
      message = message[this.plurals.select(Number(values.count))] ?? message.other;
    }
    const shown = { ...values };
    if ("count_text" in shown) shown.count = shown.count_text;
    return message.replace(FIELD, (whole, name) => (name in shown ? String(shown[name]) : whole));
  }

  money(amount, currency) {
    const digits = this.currencyDigits[currency];
    const options = { style: "currency", currency };
    if (digits !== undefined) {
      options.minimumFractionDigits = digits;
      options.maximumFractionDigits = digits;
    }
    return this.numberFormat(options).format(String(amount));
  }

  number(value) {
    return this.numberFormat({ maximumFractionDigits: 20 }).format(String(value));
  }

  percent(rate) {
    return this.numberFormat({ style: "percent", maximumFractionDigits: 10 }).format(String(rate));
  }

  date(iso) {
    const key = "date";
    let format = this.formats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(this.locale, {
        dateStyle: "medium",
        timeZone: "UTC",
        numberingSystem: this.numberingSystem,
      });
      this.formats.set(key, format);
    }
    return format.format(utc(iso));
  }

  /** A typed amount in the page's writing ("১২.৫০", "12,50") as a decimal string, or null. */
  parseAmount(text) {
    let s = String(text).replace(/[\s\u00a0\u202f]/g, "");
    s = Array.from(s, (ch) => this.digitValues.get(ch) ?? ch).join("");
    if (this.groupSign) s = s.split(this.groupSign).join("");
    if (this.decimalSign !== ".") s = s.split(this.decimalSign).join(".");
    if (s === "") return "0";
    return AMOUNT.test(s) ? normalAmount(s) : null;
  }
}

/** "12.50" -> "12.5", "10.00" -> "10": one writing per amount (widget.py's normal_amount). */
function normalAmount(text) {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

// -- calendar dates (ISO strings; no time of day, no time zone) -----------------------------

function utc(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

function isIsoDate(text) {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && isoDate(utc(text)) === text;
}

/** `iso` plus `months` calendar months, clamped to the month's last day (as the engine). */
function addMonths(iso, months) {
  const [y, m, d] = iso.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return isoDate(new Date(Date.UTC(year, month, Math.min(d, last))));
}

function daysBetween(a, b) {
  return Math.round((utc(b) - utc(a)) / 86400000);
}

// -- the form's state, its request, and its link ---------------------------------------------

/** The engine request a form state stands for (the same rule as widget.py's FormState). */
function buildRequest(state, cycleMonths) {
  const request = {
    product: state.product,
    currency: state.currency,
    today: state.today,
    current: {
      plan: state.plan,
      cycle: state.cycle,
      quantity: state.quantity,
      period_start: addMonths(state.due, -cycleMonths[state.cycle]),
      period_end: state.due,
      addons: state.addons,
    },
    target: {
      plan: state.to_plan,
      cycle: state.to_cycle,
      quantity: state.to_quantity,
      addons: state.to_addons,
    },
    account: { credit_balance: state.credit || "0" },
  };
  if (state.tax_region) request.tax_region = state.tax_region;
  return request;
}

function stateFromRequest(request) {
  return {
    product: request.product,
    plan: request.current.plan,
    cycle: request.current.cycle,
    due: request.current.period_end,
    today: request.today,
    quantity: request.current.quantity,
    addons: [...request.current.addons],
    to_plan: request.target.plan,
    to_cycle: request.target.cycle,
    to_quantity: request.target.quantity,
    to_addons: [...request.target.addons],
    currency: request.currency,
    tax_region: request.tax_region || "",
    credit: request.account && request.account.credit_balance !== "0"
      ? request.account.credit_balance
      : "",
  };
}

// Link format: #qe-dns=plan.basic~cycle.monthly~due.2026-12-01~... ; lists joined with "+".
// Only unreserved characters, so the fragment reads the same copied, pasted or mailed.
const LINK_KEYS = [
  "plan", "cycle", "due", "today", "quantity", "addons",
  "to_plan", "to_cycle", "to_quantity", "to_addons", "currency", "tax_region", "credit",
];

function encodeState(state) {
  return LINK_KEYS.map((key) => {
    const value = state[key];
    return `${key}.${Array.isArray(value) ? value.join("+") : String(value)}`;
  }).join("~");
}

function decodeState(text) {
  const out = {};
  for (const part of text.split("~")) {
    const dot = part.indexOf(".");
    if (dot < 1) continue;
    const key = part.slice(0, dot);
    if (!LINK_KEYS.includes(key)) continue;
    let value = decodeURIComponent(part.slice(dot + 1));
    if (key === "addons" || key === "to_addons") value = value ? value.split("+") : [];
    out[key] = value;
  }
  return out;
}

function readFragment() {
  const entries = new Map();
  const hash = location.hash.replace(/^#/, "");
  for (const part of hash.split("&")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.startsWith("qe-")) entries.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return entries;
}

function fragmentWith(key, value) {
  const entries = readFragment();
  entries.set(key, value);
  return "#" + Array.from(entries, ([k, v]) => `${k}=${v}`).join("&");
}

// -- the result, as widget.py writes it -------------------------------------------------------

function formatParams(texts, params = {}) {
  const out = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "string" && isIsoDate(value)) out[key] = texts.date(value);
    else if (typeof value === "number" && Number.isInteger(value)) out[key] = texts.number(value);
    else if (Array.isArray(value)) out[key] = value.join(", ");
    else out[key] = String(value);
  }
  return out;
}

/** A quote line's description (render.line_description in the build). */
function lineDescription(texts, config, request, line) {
  const product = config.products[request.product] || { plans: {}, addons: {} };
  if (line.code === "tax") {
    const name = (request.tax_region && config.taxes[request.tax_region]) || texts.fill("table.tax");
    return texts.fill("line.tax", { tax: name, rate: texts.percent(line.rate) });
  }
  let key = `line.${line.code}`;
  if (!texts.has(key)) return line.code;
  if (!("days" in line) && texts.has(`${key}.full`)) key = `${key}.full`;
  const planId = line.plan || request.target.plan;
  const values = {
    plan: product.plans[planId] || "",
    from: product.plans[request.current.plan] || "",
    to: product.plans[request.target.plan] || "",
  };
  if ("addon" in line) values.addon = product.addons[line.addon] || line.addon;
  if ("days" in line) {
    values.count = line.days;
    values.count_text = texts.number(line.days);
  }
  if ("days_total" in line) values.days_total = texts.number(line.days_total);
  let text = texts.fill(key, values);
  if (Number.isInteger(line.quantity) && line.quantity !== 1) {
    text = texts.fill("line.quantity", { line: text, quantity: texts.number(line.quantity) });
  }
  return text;
}

function positive(amount) {
  return AMOUNT.test(amount) && /[1-9]/.test(amount);
}

function renderResult(texts, config, request, response) {
  if (!response.ok) return renderRefusal(texts, response);
  const currency = response.currency;
  const money = (amount) => escapeHtml(texts.money(amount, currency));
  const total = (field, label, amount, strong) => {
    let value = money(amount);
    if (strong) {
      value = `<strong>${value}</strong>`;
      label = `<strong>${label}</strong>`;
    }
    return (
      `<tr class="qe__row qe__row--${field}"><th scope="row">${label}</th>` +
      `<td data-field="${field}" data-value="${escapeHtml(amount)}">${value}</td></tr>`
    );
  };
  const rows = [];
  const taxes = [];
  for (const line of response.lines || []) {
    const cells =
      `<tr data-code="${escapeHtml(line.code)}"><td>` +
      `${escapeHtml(lineDescription(texts, config, request, line))}</td>` +
      `<td data-value="${escapeHtml(line.amount)}">${money(line.amount)}</td></tr>`;
    (line.code === "tax" ? taxes : rows).push(cells);
  }
  const t = (key, values) => escapeHtml(texts.fill(key, values));
  const totals = [];
  if (rows.length) totals.push(total("subtotal", t("table.subtotal"), response.subtotal));
  if (taxes.length) totals.push(total("tax", t("table.tax"), response.tax));
  if (positive(response.balance_applied || "0")) {
    totals.push(total("balance_applied", t("table.balance_applied"), "-" + response.balance_applied));
  }
  totals.push(total("due_today", t("table.due_today"), response.due_today, true));
  if (positive(response.credit_to_balance || "0")) {
    totals.push(total("credit_to_balance", t("table.credit_to_balance"), response.credit_to_balance));
  }
  if (positive(response.forfeited || "0")) {
    totals.push(total("forfeited", t("table.forfeited"), response.forfeited));
  }
  totals.push(
    `<tr class="qe__row qe__row--effective"><th scope="row">${t("table.effective")}</th>` +
      `<td data-field="effective" data-value="${escapeHtml(response.effective)}">` +
      `${escapeHtml(texts.date(response.effective))}</td></tr>`,
  );
  const next = response.next_invoice;
  totals.push(
    `<tr class="qe__row qe__row--next"><th scope="row" data-field="next_invoice_date" ` +
      `data-value="${escapeHtml(next.date)}">` +
      `${t("table.next_invoice", { date: texts.date(next.date) })}</th>` +
      `<td data-field="next_invoice" data-value="${escapeHtml(next.due)}">${money(next.due)}</td></tr>`,
  );
  const parts = [
    `<p class="qe__kind" data-field="kind" data-value="${escapeHtml(response.kind)}">` +
      `${t(`kind.${response.kind}`)}</p>`,
    '<table class="qe__table">',
    `<caption class="qe__sr">${t("widget.result")}</caption>`,
    `<thead><tr><th scope="col">${t("table.description")}</th>` +
      `<th scope="col">${t("table.amount")}</th></tr></thead>`,
  ];
  if (rows.length || taxes.length) {
    parts.push(`<tbody data-field="lines">${rows.concat(taxes).join("")}</tbody>`);
  }
  parts.push(`<tbody class="qe__totals">${totals.join("")}</tbody>`, "</table>");
  if (response.alternative) {
    const text = texts.fill(`alt.${response.alternative}`, formatParams(texts, response.params));
    parts.push(
      `<p class="qe__note" data-field="alternative" data-value="${escapeHtml(response.alternative)}">` +
        `${escapeHtml(text)}</p>`,
    );
  }
  parts.push(renderTimeline(texts, request, response));
  return parts.join("");
}

function renderRefusal(texts, response) {
  const error = response.error || {};
  const code = error.code || "internal_error";
  const key = texts.has(`error.${code}`) ? `error.${code}` : "error.internal_error";
  const params = formatParams(texts, error.params);
  const parts = ['<div class="qe__refusal">'];
  if (POLICY_REFUSALS.has(code)) {
    parts.push(`<p class="qe__refusal-title">${escapeHtml(texts.fill("widget.refused"))}</p>`);
  }
  parts.push(
    `<p data-field="error" data-value="${escapeHtml(code)}">${escapeHtml(texts.fill(key, params))}</p>`,
  );
  if (error.alternative) {
    const text = texts.fill(`alt.${error.alternative}`, params);
    parts.push(
      `<p class="qe__note" data-field="alternative" data-value="${escapeHtml(error.alternative)}">` +
        `<strong>${escapeHtml(texts.fill("widget.instead"))}</strong> ${escapeHtml(text)}</p>`,
    );
  }
  parts.push("</div>");
  return parts.join("");
}

// -- the timeline (widget.render_timeline in the build) --------------------------------------

const TIMELINE_WIDTH = 600;
const BAR_H = 24;

function svgNumber(value) {
  let text = value.toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
  if (text === "-0") text = "0";
  return text;
}

function timelineSegments(request, response) {
  const { period_start: start, period_end: end } = request.current;
  const today = request.today;
  const newEnd = response.period_end;
  const credited = (response.lines || []).some((line) => line.code === "credit_unused");
  const segments = [];
  if (today > start) segments.push({ kind: "used", start, end: today });
  if (end > today) segments.push({ kind: credited ? "credited" : "kept", start: today, end });
  if (newEnd > end) segments.push({ kind: "new", start: end, end: newEnd });
  return segments;
}

function renderTimeline(texts, request, response) {
  const segments = timelineSegments(request, response);
  if (!segments.length) return "";
  const first = segments[0].start;
  const last = segments.reduce((max, s) => (s.end > max ? s.end : max), segments[0].end);
  const span = Math.max(daysBetween(first, last), 1);
  const x = (day) => Number(svgNumber((TIMELINE_WIDTH * daysBetween(first, day)) / span));
  const today = request.today;
  const due = response.period_end;
  const summary = texts.fill("widget.timeline.summary", {
    start: texts.date(first),
    end: texts.date(request.current.period_end),
    today: texts.date(today),
    due: texts.date(due),
  });
  const shapes = segments.map(
    (s) =>
      `<rect class="qe-tl__${s.kind}" x="${svgNumber(x(s.start))}" y="0" ` +
      `width="${svgNumber(x(s.end) - x(s.start))}" height="${BAR_H}"></rect>`,
  );
  const items = segments.map((s) => {
    const days = daysBetween(s.start, s.end);
    const label = texts.fill(`widget.timeline.${s.kind}`, { count: days, count_text: texts.number(days) });
    return (
      `<li><span class="qe-tl__swatch qe-tl__${s.kind}" aria-hidden="true"></span>` +
      `${escapeHtml(label)}</li>`
    );
  });
  for (const [kind, day] of [["today", today], ["due", due]]) {
    shapes.push(
      `<line class="qe-tl__${kind}-mark" x1="${svgNumber(x(day))}" x2="${svgNumber(x(day))}" ` +
        `y1="0" y2="${BAR_H}"></line>`,
    );
    const text = texts.fill(`widget.timeline.${kind}`, { date: texts.date(day) });
    items.push(
      `<li><span class="qe-tl__mark qe-tl__mark--${kind}" aria-hidden="true"></span>` +
        `${escapeHtml(text)}</li>`,
    );
  }
  return (
    '<figure class="qe-tl" data-field="timeline">' +
    `<svg viewBox="0 0 ${TIMELINE_WIDTH} ${BAR_H}" preserveAspectRatio="none" role="img" ` +
    `aria-label="${escapeHtml(summary)}" focusable="false">${shapes.join("")}</svg>` +
    `<p class="qe-tl__ends"><span>${escapeHtml(texts.date(first))}</span>` +
    `<span>${escapeHtml(texts.date(last))}</span></p>` +
    `<ul class="qe-tl__legend">${items.join("")}</ul></figure>`
  );
}

// -- Python, shared by every estimator of the page --------------------------------------------

class Runtime {
  constructor(config) {
    this.config = config;
    this.state = "idle"; // idle | starting | ready | failed
    this.listeners = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.stallTimer = null;
  }

  on(listener) {
    this.listeners.add(listener);
  }

  emit(event) {
    for (const listener of this.listeners) listener(event);
  }

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
      worker = new Worker(this.url("worker.js"), { type: "module", name: "quote-engine" });
    } catch (error) {
      this.fail("crash", String(error && error.message));
      return;
    }
    this.worker = worker;
    worker.addEventListener("message", (event) => this.receive(event.data || {}));
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail(this.state === "starting" ? "download" : "crash", String(event.message || "worker error"));
    });
    worker.addEventListener("messageerror", () => this.fail("crash", "unreadable message"));
    this.watch();
    worker.postMessage({
      type: "start",
      urls: {
        pyodide: this.url("pyodide"),
        wheel: this.url("wheel"),
        catalog: this.url("catalog"),
        snapshot: this.config.urls.snapshot ? this.url("snapshot") : null,
      },
    });
  }

  watch() {
    clearTimeout(this.stallTimer);
    if (this.state !== "starting") return;
    this.stallTimer = setTimeout(() => this.fail("timeout", `no progress for ${STALL_MS} ms`), STALL_MS);
  }

  receive(message) {
    if (message.type === "csp") {
      document.dispatchEvent(new CustomEvent("qe:csp", { detail: message }));
      return;
    }
    if (message.type === "progress" || message.type === "stage") {
      this.watch();
      this.emit(message);
      return;
    }
    if (message.type === "ready") {
      clearTimeout(this.stallTimer);
      if (this.state !== "starting") return;
      this.state = "ready";
      performance.mark("qe:ready", { detail: message.timings || {} });
      this.emit({ type: "ready" });
      return;
    }
    if (message.type === "failed") {
      this.fail(message.reason, message.detail);
      return;
    }
    if (message.type === "quoted") {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) pending.reject(new Error(message.error));
      else pending.resolve(message);
    }
  }

  fail(reason, detail) {
    if (this.state === "failed") return;
    clearTimeout(this.stallTimer);
    this.state = "failed";
    if (this.worker) this.worker.terminate();
    for (const pending of this.pending.values()) pending.reject(new Error(reason));
    this.pending.clear();
    this.emit({ type: "failed", reason, detail });
  }

  /** Quote request objects; resolves with {responses: [parsed], ms}. */
  quote(requests) {
    if (this.state !== "ready") return Promise.reject(new Error("not ready"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (message) =>
          resolve({
            responses: message.responses.map((text) => JSON.parse(text)),
            ms: message.ms,
            received: performance.now(),
          }),
        reject,
      });
      this.worker.postMessage({ type: "quote", id, requests: requests.map((r) => JSON.stringify(r)) });
    });
  }
}

// -- one estimator ----------------------------------------------------------------------------

class Widget {
  constructor(root, runtime, texts, config, shareKey) {
    this.root = root;
    this.runtime = runtime;
    this.texts = texts;
    this.config = config;
    this.shareKey = shareKey;
    this.form = root.querySelector("[data-form]");
    this.status = root.querySelector('[data-field="status"]');
    this.result = root.querySelector('[data-field="result"]');
    this.shown = JSON.parse(root.getAttribute("data-request"));
    this.product = this.shown.product;
    this.busy = false;
    this.dirty = false;
    this.touched = false;
    this.lastProgress = -1;
  }

  input(name) {
    return this.form.querySelector(`[data-input="${name}"]:not([type="checkbox"])`);
  }

  checked(name) {
    return Array.from(this.form.querySelectorAll(`[data-input="${name}"]:checked`), (box) => box.value);
  }

  /** The form's state, or {problem} naming the input that holds something unusable. */
  read() {
    const value = (name) => (this.input(name) ? this.input(name).value : "");
    const state = {
      product: this.product,
      plan: value("plan"),
      cycle: value("cycle"),
      due: value("due"),
      today: value("today"),
      quantity: 1,
      addons: this.checked("addons"),
      to_plan: value("to_plan"),
      to_cycle: value("to_cycle"),
      to_quantity: 1,
      to_addons: this.checked("to_addons"),
      currency: value("currency"),
      tax_region: value("tax_region"),
      credit: "",
    };
    for (const name of ["due", "today"]) {
      if (!isIsoDate(state[name])) {
        return { problem: { name, text: this.texts.fill("widget.invalid.date") } };
      }
    }
    for (const name of ["quantity", "to_quantity"]) {
      const field = this.input(name);
      if (!field) continue;
      if (!/^\d+$/.test(field.value.trim())) {
        return {
          problem: {
            name,
            text: this.texts.fill("widget.invalid.quantity", {
              min: this.texts.number(field.min || "1"),
              max: this.texts.number(field.max || "1"),
            }),
          },
        };
      }
      state[name] = Number(field.value.trim());
    }
    const credit = this.texts.parseAmount(value("credit"));
    if (credit === null) {
      const example = this.texts.number("12.50");
      return { problem: { name: "credit", text: this.texts.fill("widget.invalid.credit", { example }) } };
    }
    state.credit = credit === "0" ? "" : credit;
    return { state };
  }

  /** Put a state into the inputs, ignoring values the form does not offer. */
  write(state) {
    for (const name of ["plan", "cycle", "to_plan", "to_cycle", "currency", "tax_region"]) {
      const select = this.input(name);
      if (select && name in state && Array.from(select.options).some((o) => o.value === state[name])) {
        select.value = state[name];
      }
    }
    for (const name of ["due", "today"]) {
      if (this.input(name) && isIsoDate(state[name] || "")) this.input(name).value = state[name];
    }
    for (const name of ["quantity", "to_quantity"]) {
      if (this.input(name) && /^\d+$/.test(String(state[name] ?? ""))) {
        this.input(name).value = String(state[name]);
      }
    }
    for (const name of ["addons", "to_addons"]) {
      if (!Array.isArray(state[name])) continue;
      for (const box of this.form.querySelectorAll(`[data-input="${name}"]`)) {
        box.checked = state[name].includes(box.value);
      }
    }
    if ("credit" in state && this.input("credit")) {
      const amount = state.credit && AMOUNT.test(state.credit) ? normalAmount(state.credit) : "";
      const credit = amount === "0" ? "" : amount;
      this.input("credit").value = credit ? this.texts.number(credit) : "";
    }
  }

  setState(state) {
    if (this.root.getAttribute("data-state") !== state) this.root.setAttribute("data-state", state);
  }

  say(key, values) {
    const text = this.texts.fill(key, values);
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  start() {
    const share = this.root.querySelector("[data-share-controls]");
    if (share) share.hidden = false;
    this.root.querySelector('[data-action="copy-link"]').addEventListener("click", () => this.copyLink());
    this.form.addEventListener("submit", (event) => event.preventDefault());
    const changed = () => {
      this.touched = true;
      this.runtime.start();
      this.update();
    };
    this.form.addEventListener("input", changed);
    this.form.addEventListener("change", changed);
    this.runtime.on((event) => this.onRuntime(event));
    this.updateLink();

    const linked = readFragment().get(this.shareKey);
    if (linked) {
      this.write(decodeState(linked));
      this.touched = true;
      this.runtime.start();
      this.root.scrollIntoView({ block: "start" });
      this.update();
    } else if ("IntersectionObserver" in window) {
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) {
            observer.disconnect();
            this.runtime.start();
          }
        },
        { rootMargin: VIEW_MARGIN },
      );
      observer.observe(this.root);
    } else {
      this.runtime.start();
    }
    this.onRuntime({ type: this.runtime.state === "ready" ? "ready" : this.runtime.state });
  }

  onRuntime(event) {
    if (event.type === "starting") {
      if (this.root.getAttribute("data-state") === "static") this.setState("loading");
      this.say("widget.status.loading");
    } else if (event.type === "progress") {
      const percent = Math.floor((100 * event.loaded) / Math.max(event.total, 1) / 10) * 10;
      if (percent !== this.lastProgress && percent < 100) {
        this.lastProgress = percent;
        this.say("widget.status.downloading", {
          percent: this.texts.numberFormat({ style: "percent" }).format(String(percent / 100)),
        });
      }
    } else if (event.type === "stage") {
      this.say("widget.status.loading");
    } else if (event.type === "ready") {
      this.update();
    } else if (event.type === "failed") {
      this.fallBack(event.reason);
    }
  }

  /** Python is not coming: keep the estimate shown, make the form match it, say why. */
  fallBack(reason) {
    this.setState("error");
    this.write(stateFromRequest(this.shown));
    this.markInvalid(null);
    // Nothing can be recalculated: the form stays on the estimate it shows.
    for (const group of this.form.querySelectorAll("fieldset")) group.disabled = true;
    this.root.classList.remove("qe--stale");
    const key = this.texts.has(`widget.error.${reason}`) ? `widget.error.${reason}` : "widget.error.crash";
    this.say("widget.status.error", { reason: this.texts.fill(key) });
  }

  markInvalid(name) {
    const field = name ? this.input(name) : null;
    for (const other of this.form.querySelectorAll("[aria-invalid]")) {
      if (other !== field) other.removeAttribute("aria-invalid");
    }
    if (field && field.getAttribute("aria-invalid") !== "true") field.setAttribute("aria-invalid", "true");
  }

  update() {
    if (this.runtime.state === "failed") return;
    const { state, problem } = this.read();
    this.markInvalid(problem && problem.name);
    if (problem) {
      this.root.classList.add("qe--stale");
      this.say("widget.status.invalid", { problem: problem.text });
      return;
    }
    const request = buildRequest(state, this.config.cycleMonths);
    const key = JSON.stringify(request);
    const same = key === JSON.stringify(this.shown);
    if (this.runtime.state !== "ready") {
      // The answer will wait for Python: mark the estimate on screen as not the inputs' one.
      this.root.classList.toggle("qe--stale", !same);
      if (!same) this.say("widget.status.loading");
      return;
    }
    // A select fires both "input" and "change": one calculation per new request.
    if (same && this.root.getAttribute("data-state") === "live") return;
    if (this.busy) {
      if (key !== this.inflight) this.dirty = true;
      return;
    }
    this.calculate(state, request, key);
  }

  async calculate(state, request, key) {
    this.busy = true;
    this.inflight = key;
    // Most answers take a few milliseconds: say "Calculating" only when one is slow, so a
    // screen reader is not told twice per change.
    const slow = setTimeout(() => this.say("widget.status.calculating"), 200);
    const started = performance.now();
    try {
      const { responses, ms, received } = await this.runtime.quote([request]);
      clearTimeout(slow);
      this.show(request, responses[0]);
      const shown = performance.now();
      this.root.dispatchEvent(
        new CustomEvent("qe:result", {
          bubbles: true,
          // For bench/widget.py: where a recalculation's time goes.
          detail: {
            engineMs: ms,
            answerMs: received - started,
            redrawMs: shown - received,
            roundTripMs: shown - started,
            request,
            response: responses[0],
          },
        }),
      );
      // The refusal beside each target plan depends on everything but the target plan.
      const labelKey = JSON.stringify({ ...request, target: { ...request.target, plan: null } });
      if (labelKey !== this.labelled) {
        this.labelled = labelKey;
        await this.labelTargets(state, request);
      }
    } catch (error) {
      clearTimeout(slow);
      if (this.runtime.state !== "failed") this.runtime.fail("crash", String(error && error.message));
    } finally {
      this.busy = false;
      this.inflight = null;
    }
    if (this.dirty) {
      this.dirty = false;
      this.update();
    }
  }

  show(request, response) {
    const html = renderResult(this.texts, this.config, request, response);
    const next = document.createElement("template");
    next.innerHTML = html;
    // Identical words need no redraw: the first live answer usually equals the prerendered one,
    // and a polite live region would read it out again for nothing.
    if (next.content.textContent !== this.result.textContent) {
      this.result.replaceChildren(next.content);
    }
    this.shown = request;
    const text = JSON.stringify(request);
    if (this.root.getAttribute("data-request") !== text) this.root.setAttribute("data-request", text);
    this.root.classList.remove("qe--stale");
    this.setState("live");
    this.say("widget.status.live");
    if (this.touched) this.updateLink(true);
  }

  /** Say beside each target plan whether the policy refuses it from the current plan. */
  async labelTargets(state, request) {
    const select = this.input("to_plan");
    const names = (this.config.products[this.product] || {}).plans || {};
    const others = Array.from(select.options, (o) => o.value).filter((id) => id !== state.plan);
    const requests = others.map((plan) => ({ ...request, target: { ...request.target, plan } }));
    const { responses } = requests.length ? await this.runtime.quote(requests) : { responses: [] };
    const refusals = new Map();
    others.forEach((plan, i) => {
      const code = responses[i].ok ? null : (responses[i].error || {}).code;
      if (PLAN_REFUSALS.includes(code)) refusals.set(plan, code);
    });
    for (const option of select.options) {
      let label = names[option.value] || option.value;
      if (option.value === state.plan) {
        label = this.texts.fill("widget.option", { plan: label, reason: this.texts.fill("widget.reason.current") });
      } else if (refusals.has(option.value)) {
        const reason = this.texts.fill(`widget.reason.${refusals.get(option.value)}`);
        label = this.texts.fill("widget.option", { plan: label, reason });
      }
      if (option.textContent !== label) option.textContent = label;
    }
  }

  link() {
    const { state } = this.read();
    const url = new URL(location.href);
    url.hash = fragmentWith(this.shareKey, encodeState(state || stateFromRequest(this.shown)));
    return url.href;
  }

  updateLink(replaceUrl = false, now = false) {
    const href = this.link();
    const field = this.root.querySelector('[data-field="link"]');
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
    const field = this.root.querySelector('[data-field="link"]');
    try {
      await navigator.clipboard.writeText(field.value);
      this.say("widget.link_copied");
    } catch {
      field.focus();
      field.select();
      this.say("widget.link_select");
    }
  }
}

// -- the page ---------------------------------------------------------------------------------

function main() {
  const element = document.getElementById("qe-config");
  const roots = document.querySelectorAll("[data-quote-widget]");
  if (!element || !roots.length) return;
  const config = JSON.parse(element.textContent);
  const texts = new Texts(config);
  const runtime = new Runtime(config);
  const keys = new Map();
  const widgets = [];
  for (const root of roots) {
    // Two estimators of one product on a page get qe-dns and qe-dns-2 in their links.
    const base = root.getAttribute("data-share") || `qe-${root.getAttribute("data-product")}`;
    const count = (keys.get(base) || 0) + 1;
    keys.set(base, count);
    const widget = new Widget(root, runtime, texts, config, count === 1 ? base : `${base}-${count}`);
    widgets.push(widget);
  }
  for (const widget of widgets) widget.start();
  window.addEventListener("hashchange", () => {
    const entries = readFragment();
    for (const widget of widgets) {
      const linked = entries.get(widget.shareKey);
      if (linked && linked !== encodeState(widget.read().state || {})) {
        widget.write(decodeState(linked));
        widget.touched = true;
        runtime.start();
        widget.update();
      }
    }
  });
}

main();
