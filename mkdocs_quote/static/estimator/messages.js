// @ts-check
// The few words the page writes itself, before Python is up: starting, progress, failures.
// They come from the page's config (the build's messages for the language), like everything
// else the estimator says; numbers use the language's digits from the same config.

/**
 * @typedef {object} LocaleData the part of the view's locale data used here
 * @property {string} tag BCP 47 tag
 * @property {string} digits the ten digits numbers are written with
 * @property {string} decimal the decimal mark
 */

const FIELD = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export class Texts {
  /**
   * @param {Record<string, string | Record<string, string>>} messages
   * @param {LocaleData} locale
   * @param {Record<string, string>} [settings] the site's values ({client_area}, {provider}...),
   *   filled in every message as the view's `View.t` does
   */
  constructor(messages, locale, settings = {}) {
    this.messages = messages;
    this.settings = settings;
    this.locale = locale;
    this.plurals = new Intl.PluralRules(locale.tag);
  }

  /** @param {string} key */
  has(key) {
    return Object.prototype.hasOwnProperty.call(this.messages, key);
  }

  /**
   * A number with `places` decimals in the language's digits and decimal mark.
   *
   * @param {number} value
   * @param {number} places
   */
  number(value, places = 0) {
    const text = value.toFixed(places).replace(".", "\u0000");
    return text.replace(/[0-9]/g, (d) => this.locale.digits[Number(d)]).replace("\u0000", this.locale.decimal);
  }

  /**
   * The message `key` with its {fields} filled in; forms chosen by `count`.
   *
   * @param {string} key
   * @param {Record<string, string | number>} [values]
   */
  fill(key, values = {}) {
    let message = this.messages[key];
    if (message === undefined) return key;
    if (typeof message === "object") {
      const count = Number(values.count);
      message = message[`=${count}`] ?? message[this.plurals.select(count)] ?? message.other;
    }
    /** @type {Record<string, string>} */
    const shown = {};
    for (const [name, value] of Object.entries({ ...this.settings, ...values })) {
      shown[name] = typeof value === "number" ? this.number(value) : value;
    }
    return String(message).replace(FIELD, (whole, name) => (name in shown ? shown[name] : whole));
  }
}
