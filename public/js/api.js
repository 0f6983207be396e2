// Calls the JSON API; problems (application/problem+json) become ApiProblem errors.
export class ApiProblem extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || 'Request failed');
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors || [];
  }
}

let csrfToken = null;
export function setCsrfToken(token) {
  csrfToken = token;
}

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
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

/** Shows a problem's field errors next to the form's inputs (body.email → [name=email]). */
export function showFieldErrors(form, problem) {
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  let shown = 0;
  for (const error of problem.errors || []) {
    const name = String(error.path || '').replace(/^body\./, '').split('.')[0];
    const input = name && form.elements.namedItem(name);
    if (!input || !(input instanceof HTMLElement)) continue;
    const note = document.createElement('p');
    note.className = 'field-error';
    note.id = `${input.id || name}-error`;
    note.textContent = error.message;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', note.id);
    input.insertAdjacentElement('afterend', note);
    shown++;
  }
  return shown;
}

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
