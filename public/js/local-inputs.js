// Date and time fields that follow the page's language, not the browser's (issue 25 item 13). A
// type="date" input shows "11/24/2026" and type="time" "09:00 AM" in an en-US browser whatever the
// page says; these are text fields that show "2026年11月24日" / "24 Nov 2026" and "09:00" (24 h).
// Their `value` stays what the form code and the API expect (an ISO date, "HH:MM"): reading it parses
// what the person typed, writing it shows the page's format. Text that does not parse reads as
// itself, so the API's field error names it.
import { lang } from './i18n.js';

const NATIVE = /** @type {{ get: () => string, set: (v: string) => void }} */ (/** @type {unknown} */ (Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')));

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE_EXAMPLE = { 'zh-CN': '例：2026年11月24日', en: 'e.g. 24 Nov 2026' };
const TIME_EXAMPLE = { 'zh-CN': '例：09:00（24 小时制）', en: 'e.g. 09:00 (24-hour)' };

/** "2026-11-24" when year, month and day make a real date (no luxon: the reports page loads none). */
function isoOf(year, month, day) {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || year < 1900 || year > 2999) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** An ISO date from what a person typed: the page's format, the other language's, or ISO. */
export function parseDate(text) {
  const s = String(text).trim().replace(/\s+/g, ' ').replace(/^(?:周|星期)[一二三四五六日天]\s*|\s*[（(]?(?:周|星期)[一二三四五六日天][)）]?$/g, '');
  if (!s) return null;
  const numeric = /^(\d{4})\s*(?:年|-|\/|\.)\s*(\d{1,2})\s*(?:月|-|\/|\.)\s*(\d{1,2})\s*日?$/.exec(s);
  if (numeric) return isoOf(Number(numeric[1]), Number(numeric[2]), Number(numeric[3]));
  const words = s.toLowerCase().replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*/, '').replace(/,/g, ' ').split(' ').filter(Boolean);
  const month = words.findIndex((w) => MONTHS.includes(w.slice(0, 3)) && /^[a-z]+\.?$/.test(w));
  const numbers = words.filter((_, i) => i !== month).map(Number);
  if (month < 0 || numbers.length !== 2 || numbers.some((n) => !Number.isInteger(n))) return null;
  const [day, year] = numbers[0] > 31 ? [numbers[1], numbers[0]] : [numbers[0], numbers[1]];
  return isoOf(year, MONTHS.indexOf(words[month].slice(0, 3)) + 1, day);
}

/** "HH:MM" (24 h) from "9:00", "0900", "9.30", "9时30分", "21:00". */
export function parseTime(text) {
  const s = String(text).trim();
  const m = /^(\d{1,2})(?:\s*[:：.时点]\s*(\d{2})\s*分?|(\d{2}))?\s*[时点]?$/.exec(s);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? m[3] ?? 0);
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** An ISO date in the page's format ("2026年11月24日", "24 Nov 2026"). */
export function formatDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
  if (!m || !isoOf(Number(m[1]), Number(m[2]), Number(m[3]))) return String(iso);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang() === 'en' ? `${day} ${MONTH_NAMES[month - 1]} ${year}` : `${year}年${month}月${day}日`;
}

/** Gives a text input a value that reads as `parse` of the text and writes as `format` of the value. */
function localValue(input, parse, format, value) {
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() { const raw = NATIVE.get.call(this); return parse(raw) ?? raw.trim(); },
    set(v) { NATIVE.set.call(this, v ? format(v) : ''); },
  });
  // What was typed is shown in the page's format once the person leaves the field.
  input.addEventListener('blur', () => {
    const raw = NATIVE.get.call(input);
    const parsed = parse(raw);
    if (parsed) NATIVE.set.call(input, format(parsed));
  });
  input.value = value ?? '';
  return input;
}

/**
 * A date field in the page's language. `attrs` as for el(); `value` an ISO date.
 * @returns {HTMLInputElement}
 */
export function dateInput(attrs, value) {
  const input = document.createElement('input');
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) input.setAttribute(k, v === true ? '' : v);
  input.type = 'text';
  input.autocomplete = 'off';
  input.inputMode = 'numeric';
  input.placeholder = DATE_EXAMPLE[lang()];
  input.dataset.kind = 'date';
  return localValue(input, parseDate, formatDate, value);
}

/**
 * A time field, 24 h in both languages. `value` "HH:MM".
 * @returns {HTMLInputElement}
 */
export function timeInput(attrs, value) {
  const input = document.createElement('input');
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) input.setAttribute(k, v === true ? '' : v);
  input.type = 'text';
  input.autocomplete = 'off';
  input.inputMode = 'numeric';
  input.placeholder = TIME_EXAMPLE[lang()];
  input.maxLength = 8;
  input.dataset.kind = 'time';
  return localValue(input, parseTime, (v) => parseTime(v) ?? String(v), value);
}

// FormData reads the text as shown; a form's data carries the parsed value instead (the capture phase
// of the document sees every form's formdata event, which does not bubble).
document.addEventListener('formdata', (event) => {
  const form = /** @type {HTMLFormElement} */ (event.target);
  for (const input of form.querySelectorAll('input[data-kind="date"], input[data-kind="time"]')) {
    const field = /** @type {HTMLInputElement} */ (input);
    if (field.name && !field.disabled) /** @type {FormDataEvent} */ (event).formData.set(field.name, field.value);
  }
}, true);
