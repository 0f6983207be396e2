import { api, el } from './api.js';
import { t } from './i18n.js';

/**
 * The Subscribe panel for the programme as currently filtered: a link to copy, a webcal:// button,
 * Add to Google / Outlook links and short instructions per client. The feed API returns the links.
 */
export async function renderSubscribePanel(panel, filters) {
  panel.replaceChildren(el('h2', { id: 'subscribe-title', text: t('subscribe.title') }), el('p', { text: t('subscribe.intro') }));
  let links;
  try {
    links = await api('/feeds/public', { method: 'POST', body: { filters: normalise(filters) } });
  } catch {
    panel.append(el('p', { class: 'error', text: t('subscribe.unavailable') }));
    return;
  }
  const input = el('input', { id: 'subscribe-url', type: 'text', readonly: true, value: links.links.https, 'aria-label': t('subscribe.title') });
  const copy = el('button', { type: 'button', id: 'subscribe-copy', text: t('subscribe.copy') });
  copy.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      document.execCommand('copy');
    }
    copy.textContent = t('subscribe.copied');
  });
  panel.append(
    el('div', { class: 'copy-row' }, input, copy),
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
