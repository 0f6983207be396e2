// The email log: what went out, what waits, what failed and why; failed ones can be sent again.
import { api, el } from './api.js';
import { emailKindName, pick, t, zoneName } from './i18n.js';
import { field, formatInstant, options, showFailure, statusBadge, table } from './organizer-common.js';
import { DELIVERY_STATUSES } from './generated/enums.js';

/** The server's delivery statuses, failed first (what an organizer looks for). */
const STATUSES = ['failed', ...DELIVERY_STATUSES.filter((s) => s !== 'failed')];
const PAGE = 100;

function retryButton(delivery, row, status, zone) {
  const button = el('button', { type: 'button', class: 'secondary', id: `retry-${delivery.id}`, text: t('deliveries.retry') });
  button.addEventListener('click', async () => {
    try {
      await api(`/deliveries/${delivery.id}/retry`, { method: 'POST' });
      row.classList.remove('failed');
      button.replaceWith(statusBadge('pending'));
      status.textContent = t('deliveries.retried');
    } catch (error) {
      showFailure(row.closest('form') ?? document.createElement('form'), status, error, zone, []);
    }
  });
  return button;
}

/**
 * The mail server's own words are English and technical: a person reads what happened (refused, with
 * its SMTP code; unreachable), and the full text stays in the cell's title for whoever needs it.
 */
function errorText(error) {
  if (!error) return '';
  const code = /\b([45]\d\d)\b/.exec(error)?.[1];
  const text = code ? t('deliveries.refused', { code }) : /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ECONNRESET/.test(error) ? t('deliveries.unreachable') : t('deliveries.failedOther');
  // The server's own reply (English) is kept for support staff in a data attribute, not shown as words.
  return el('span', { 'data-reply': error, text });
}

async function show(box, filter, zone, status) {
  const query = new URLSearchParams({ limit: String(PAGE) });
  if (filter) query.set('status', filter);
  const [{ items }, failed] = await Promise.all([api(`/deliveries?${query}`), api('/deliveries?status=failed&limit=200')]);
  const ids = [...new Set(items.map((d) => d.activityId))];
  const titles = new Map((await Promise.all(ids.map((id) => api(`/activities/${id}`).catch(() => null)))).filter(Boolean).map((a) => [a.id, pick(a.title)]));
  const failedCount = failed.items.length + (failed.nextCursor ? '+' : '');
  const rows = table(t('deliveries.title'),
    [t('deliveries.kind'), t('deliveries.to'), t('deliveries.activity'), t('deliveries.status'), t('deliveries.attempts'), t('deliveries.error'), t('deliveries.when')],
    items.map((d) => [emailKindName(d.kind), d.recipient, el('a', { href: `/activities/${d.activityId}`, text: titles.get(d.activityId) ?? t('approvals.activity') }),
      statusBadge(d.status), String(d.attempts), errorText(d.lastError), formatInstant(d.sentAt ?? d.availableAt, zone)]),
    (i) => ({ class: items[i].status === 'failed' ? 'failed' : '', 'data-delivery': String(items[i].id) }));
  items.forEach((d, i) => {
    if (d.status !== 'failed') return;
    const row = rows.tBodies[0].rows[i];
    row.cells[3].append(' ', retryButton(d, row, status, zone));
  });
  box.replaceChildren(
    el('p', { id: 'failed-count', class: failed.items.length ? 'error' : '', text: failed.items.length ? t('deliveries.failedCount', { count: failedCount }) : t('deliveries.noneFailed') }),
    items.length ? el('div', { class: 'table-wrap' }, rows) : el('p', { text: t('deliveries.none') }));
}

export async function render(panel, me) {
  const units = me.unitId ? [await api(`/units/${me.unitId}`)] : [];
  const zone = units[0]?.timeZone ?? 'Asia/Shanghai';
  const box = el('div', { id: 'deliveries' });
  const status = el('p', { role: 'status', 'aria-live': 'polite' });
  const select = el('select', { name: 'status' }, el('option', { value: '', text: t('timeline.all') }), options(STATUSES.map((s) => [s, t(`status.${s}`)])));
  const redraw = () => show(box, select.value, zone, status).catch((error) => box.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error.message }) })));
  select.addEventListener('change', redraw);
  panel.replaceChildren(el('h2', { text: t('deliveries.title') }), field('deliveries-status', t('deliveries.filter'), select), status, box, el('p', { class: 'zone-note', text: t('timeline.zone', { zone: zoneName(zone) }) }));
  await redraw();
}
