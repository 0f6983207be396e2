import { fieldMessage } from './i18n.js';
// Calls the JSON API; problems (application/problem+json) become ApiProblem errors.
/**
 * @typedef {{ path?: string, message: string, translated?: boolean }} FieldError
 * @typedef {{ status?: number, title?: string, detail?: string, code?: string, errors?: FieldError[], [extension: string]: any }} Problem
 * @typedef {{ method?: string, body?: unknown, headers?: Record<string, string> }} ApiOptions
 */
export class ApiProblem extends Error {
  /** @param {Problem} problem */
  constructor(problem) {
    super(problem.detail || problem.title || 'Request failed');
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors || [];
    /** The whole problem document: conflicts, blocks and other extensions. */
    this.problem = problem;
  }
}

/** @type {string | null} */
let csrfToken = null;
/** @param {string | null} token */
export function setCsrfToken(token) {
  csrfToken = token;
}

/**
 * @param {string} path
 * @param {ApiOptions} [options]
 * @returns {Promise<any>}
 */
export async function api(path, { method = 'GET', body, headers = {} } = {}) {
  /** @type {RequestInit & { headers: Record<string, string> }} */
  const init = { method, headers: { Accept: 'application/json', ...headers }, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (csrfToken && method !== 'GET') init.headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(`/api/v1${path}`, init);
  if (res.status === 204) return undefined;
  const data = await res.json().catch(() => ({ status: res.status, title: res.statusText }));
  if (!res.ok) throw new ApiProblem({ status: res.status, ...data });
  return data;
}

/** The form control a problem's field path names: the longest matching prefix (body.claims.0.quantity → claims.0.quantity, else claims). */
/**
 * @param {HTMLFormElement} form
 * @param {string | undefined} path
 * @returns {(HTMLElement & { name: string }) | null}
 */
function controlFor(form, path) {
  const parts = String(path || '').replace(/^body\./, '').split('.');
  for (let n = parts.length; n > 0; n--) {
    const input = form.elements.namedItem(parts.slice(0, n).join('.'));
    if (input instanceof HTMLElement) return /** @type {HTMLElement & { name: string }} */ (input);
    if (input && input[0] instanceof HTMLElement) return /** @type {HTMLElement & { name: string }} */ (input[0]);
  }
  return null;
}

/**
 * Shows a problem's field errors next to the form's inputs (body.email → [name=email]) in the page's
 * language, marks them aria-invalid and described by their message, and moves focus to the first.
 * The API's messages are for developers: a person reads `message(name)`, the page's words for that
 * field; an error that already carries `translated` (built by the page) is shown as it is.
 * @param {HTMLFormElement} form
 * @param {{ errors?: FieldError[] }} problem
 * @param {(name: string, error: FieldError) => string} [message]
 */
export function showFieldErrors(form, problem, message = fieldMessage) {
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    const rest = (input.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.endsWith('-error'));
    if (rest.length) input.setAttribute('aria-describedby', rest.join(' '));
    else input.removeAttribute('aria-describedby');
  }
  /** @type {HTMLElement | null} */
  let first = null;
  for (const error of problem.errors || []) {
    const input = controlFor(form, error.path);
    if (!input) continue;
    const name = input.name;
    const text = error.translated ? error.message : message(name, error);
    const existing = document.getElementById(`${input.id || name}-error`);
    if (existing) {
      if (!existing.textContent?.includes(text)) existing.textContent += `; ${text}`;
      continue;
    }
    const note = document.createElement('p');
    note.className = 'field-error';
    note.id = `${input.id || name}-error`;
    note.textContent = text;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), note.id].filter(Boolean).join(' '));
    input.insertAdjacentElement('afterend', note);
    first ??= input;
  }
  first?.focus();
  return form.querySelectorAll('.field-error').length;
}

/**
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...any} children
 * @returns {any}
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/**
 * Every page of a cursor-paged list.
 * @param {string} path
 * @returns {Promise<any[]>}
 */
export async function allPages(path) {
  /** @type {any[]} */
  const items = [];
  /** @type {string | null} */
  let cursor = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
