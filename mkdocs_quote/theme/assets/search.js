// @ts-check
// Search in the reader's language with Pagefind: one index per <html lang>, so a Bengali page
// searches Bengali pages only. Strings and digits come from the page's #hc-config element (its
// "search" part, written by the helpcenter plugin); none live here.
// The hreflang <link rel="alternate"> tags are for crawlers. Material's script fetches a
// "sitemap.xml" beside every one of them once the document has loaded, which with per-page
// alternates is a 404 per language. This module runs before DOMContentLoaded, so taking the
// tags out of the live DOM (the HTML source keeps them) spares readers those requests.
for (const link of document.querySelectorAll("link[rel=alternate][hreflang]")) link.remove();

const element = document.getElementById("hc-config");
/** @type {{base: string, lang: string, digits: string, messages: Record<string, any>}} */
const config = JSON.parse(element ? element.textContent || "{}" : "{}").search;
const msg = config.messages;
const root = new URL(config.base.endsWith("/") ? config.base : config.base + "/", document.baseURI);
const plural = new Intl.PluralRules(document.documentElement.lang || "en");

/**
 * A whole number in the page's digits.
 *
 * @param {number} value
 */
function number(value) {
  return String(value).replace(/[0-9]/g, (d) => config.digits[Number(d)]);
}

/**
 * @param {string} key
 * @param {Record<string, string | number>} [fields]
 */
function text(key, fields = {}) {
  let value = msg[key];
  if (value && typeof value === "object") {
    const count = Number(fields.count ?? 0);
    value = value[`=${count}`] ?? value[plural.select(count)] ?? value.other;
  }
  return String(value ?? key).replace(/\{(\w+)\}/g, (_, name) =>
    name === "count" ? number(Number(fields.count)) : String(fields[name] ?? ""),
  );
}

/** @type {any} Pagefind's module (pagefind/pagefind.js, written by the build) */
let pagefind = null;
async function engine() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname });
    pagefind.init();
  }
  return pagefind;
}

const icon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';

const button = document.createElement("button");
button.type = "button";
button.className = "md-header__button md-icon hc-search__open";
button.setAttribute("aria-label", text("search.button"));
button.title = text("search.button");
button.setAttribute("aria-haspopup", "dialog");
button.innerHTML = icon;

const dialog = document.createElement("dialog");
dialog.className = "hc-search md-typeset";
dialog.setAttribute("aria-label", text("search.label"));
dialog.innerHTML = `
  <form method="dialog" class="hc-search__form" role="search">
    <label class="hc-search__label">
      <span class="md-visually-hidden">${text("search.label")}</span>
      <input type="search" class="hc-search__input" name="q" autocomplete="off"
             placeholder="${text("search.placeholder")}" data-hc-search-input>
    </label>
    <button type="submit" class="hc-search__close md-icon" value="close"
            aria-label="${text("search.close")}" title="${text("search.close")}">×</button>
  </form>
  <p class="hc-search__meta" role="status" aria-live="polite" data-hc-search-status></p>
  <ol class="hc-search__results" data-hc-search-results></ol>`;

const input = /** @type {HTMLInputElement} */ (dialog.querySelector("[data-hc-search-input]"));
const status = /** @type {HTMLElement} */ (dialog.querySelector("[data-hc-search-status]"));
const list = /** @type {HTMLElement} */ (dialog.querySelector("[data-hc-search-results]"));

let latest = 0;
/** @param {string} query */
async function run(query) {
  const ticket = ++latest;
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = text("search.loading");
  try {
    const pf = await engine();
    const search = await pf.search(query);
    if (ticket !== latest) return;
    /** @type {{url: string, excerpt: string, meta: {title: string}}[]} */
    const results = await Promise.all(
      search.results.slice(0, 10).map((/** @type {{data: () => Promise<any>}} */ r) => r.data()),
    );
    if (ticket !== latest) return;
    status.textContent = results.length
      ? text("search.results", { count: search.results.length })
      : text("search.none", { query });
    for (const item of results) {
      const li = document.createElement("li");
      li.className = "hc-search__result";
      const link = document.createElement("a");
      link.href = item.url;
      link.className = "hc-search__link";
      const title = document.createElement("span");
      title.className = "hc-search__title";
      title.textContent = item.meta.title;
      const excerpt = document.createElement("span");
      excerpt.className = "hc-search__excerpt";
      // Pagefind's excerpt is our own page text with <mark> around the matches.
      excerpt.innerHTML = item.excerpt;
      link.append(title, excerpt);
      li.append(link);
      list.append(li);
    }
  } catch (error) {
    if (ticket === latest) status.textContent = text("search.unavailable");
    console.error(error);
  }
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let timer;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => run(input.value), 120);
});

function open() {
  if (!dialog.open) dialog.showModal();
  input.focus();
  input.select();
  engine().catch(() => {});
}
button.addEventListener("click", open);
// Escape closes at once, even from the search field (whose first Escape would only clear it).
dialog.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    event.preventDefault();
    dialog.close();
    button.focus();
  }
});
dialog.addEventListener("click", (event) => {
  if (event.target === dialog) dialog.close();
});
document.addEventListener("keydown", (event) => {
  const typing = /^(input|textarea|select)$/i.test(document.activeElement?.tagName ?? "");
  if (!typing && (event.key === "/" || event.key === "s") && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    open();
  }
});

const header = document.querySelector(".md-header__inner");
if (header) {
  header.insertBefore(button, header.querySelector(".md-header__source"));
  document.body.append(dialog);
}

export {};
