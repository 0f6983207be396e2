/**
 * The one way to build HTML on the server (pages and emails): the `html` tag escapes every value
 * put into it, in text and in quoted attributes alike. A value that is already HTML is a fragment
 * made by `html` itself (or an array of them) and goes in as it is. Markup from anywhere else goes in
 * only through `raw(...)`, which tests/unit/architecture.test.ts allows in a short, named list of files.
 */
const trusted = new WeakSet<object>();

/** HTML made by `html` or `raw`; only those two can make one. */
export class Html {
  readonly #markup: string;
  constructor(markup: string, key: object) {
    if (!trusted.has(key)) throw new TypeError('Html is made by html`…` or raw(), not by new Html()');
    this.#markup = markup;
  }
  toString(): string {
    return this.#markup;
  }
}

/** What may go into a `${…}`: text is escaped; false, null and undefined render nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const key = {};
trusted.add(key);
const make = (markup: string) => new Html(markup, key);

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeText(String(value));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  return make(strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]!) : ''), ''));
}

/** Markup taken as it is: the caller vouches for it. Allowed only where the architecture test lists. */
export function raw(markup: string): Html {
  return make(markup);
}

/** Fragments (or text) joined by a separator, which is escaped like any other text. */
export function join(parts: readonly HtmlValue[], separator: HtmlValue): Html {
  return make(parts.map((part, i) => (i === 0 ? '' : render(separator)) + render(part)).join(''));
}
