import { ApiProblem, api, el, setCsrfToken } from './api.js';
import { t } from './i18n.js';

/**
 * The Subscribe panel for the programme as currently filtered: a link to copy, a webcal:// button,
 * Add to Google / Outlook links and short instructions per client. The feed API returns the links.
 */
let generation = 0;

/**
 * A signed-in visitor's browser sends the session cookie with the POST, and cookie-carried state
 * changes need the session's CSRF token (src/auth/auth.middleware.ts) — the cookie is httpOnly, so
 * only /auth/session can tell. Asked once per page; asked again if the session changed meanwhile
 * (signed in or out in another tab: the POST then answers 403).
 * @type {Promise<void> | null}
 */
let session = null;
function knowSession(again = false) {
  if (again || !session) {
    session = api('/auth/session').then((me) => setCsrfToken(me.signedIn ? me.csrfToken : null), () => setCsrfToken(null));
  }
  return session;
}

/** @param {Record<string, string>} filters */
async function subscribeLinks(filters) {
  const body = { filters: normalise(filters) };
  await knowSession();
  try {
    return await api('/feeds/public', { method: 'POST', body });
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 403) throw error;
    await knowSession(true);
    return api('/feeds/public', { method: 'POST', body });
  }
}

function copyButton(id, label, text, input) {
  const button = el('button', { type: 'button', id, text: label });
  button.addEventListener('click', async () => {
    input.value = text;
    input.select();
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      document.execCommand('copy');
    }
    button.textContent = t('subscribe.copied');
  });
  return button;
}

export async function renderSubscribePanel(panel, filters) {
  // Filters can change faster than the answers come back: only the latest request may draw.
  const mine = ++generation;
  panel.setAttribute('aria-busy', 'true');
  let links;
  try {
    links = await subscribeLinks(filters);
  } catch {
    if (mine !== generation) return;
    panel.replaceChildren(el('h2', { id: 'subscribe-title', text: t('subscribe.title') }), el('p', { class: 'error', text: t('subscribe.unavailable') }));
    panel.removeAttribute('aria-busy');
    return;
  }
  if (mine !== generation) return;
  panel.replaceChildren(el('h2', { id: 'subscribe-title', text: t('subscribe.title') }), el('p', { text: t('subscribe.intro') }));
  panel.removeAttribute('aria-busy');
  const input = el('input', { id: 'subscribe-url', type: 'text', readonly: true, value: links.links.https, 'aria-label': t('subscribe.title') });
  panel.append(
    el('div', { class: 'copy-row' }, input,
      copyButton('subscribe-copy', t('subscribe.copy'), links.links.https, input),
      copyButton('subscribe-copy-webcal', t('subscribe.copyWebcal'), links.links.webcal, input)),
    el('p', { class: 'buttons' },
      el('a', { class: 'button', id: 'subscribe-webcal', href: links.links.webcal, text: t('subscribe.webcal') }),
      el('a', { class: 'button', id: 'subscribe-google', href: links.links.google, target: '_blank', rel: 'noopener', text: t('subscribe.google') }),
      el('a', { class: 'button', id: 'subscribe-outlook', href: links.links.outlook, target: '_blank', rel: 'noopener', text: t('subscribe.outlook') })),
    el('ul', { class: 'help' }, ['google', 'outlook', 'apple'].map((c) => el('li', { text: t(`subscribe.help.${c}`) }))),
  );
}

function normalise(filters) {
  const out = {};
  if (filters.kind) out.kinds = [filters.kind];
  if (filters.unitId) out.unitIds = [Number(filters.unitId)];
  if (filters.venueId) out.venueIds = [Number(filters.venueId)];
  if (filters.grade) out.grades = [Number(filters.grade)];
  return out;
}
