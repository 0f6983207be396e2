// Resource timeline: which venues, staff and equipment are taken when, one week at a time.
import { allPages, api, el } from './api.js';
import { lang, pick, t } from './i18n.js';
import { field, options, today } from './organizer-common.js';

const { DateTime } = window.luxon;
const DAYS = 7;

/** Start of the week (Monday) holding `date`. */
function monday(date) {
  return DateTime.fromISO(date).startOf('week').toISODate();
}

function span(iso, zone) {
  return DateTime.fromISO(iso, { setZone: true }).setZone(zone).setLocale(lang() === 'en' ? 'en-GB' : 'zh-CN');
}

/** A bar per busy period over the week (decoration; the list below says the same in words). */
function track(schedule, weekStart, zone) {
  const start = DateTime.fromISO(weekStart, { zone });
  const length = DAYS * 86_400_000;
  const bar = el('div', { class: 'track', 'aria-hidden': 'true' });
  // Positions go through the CSSOM, which a Content-Security-Policy never blocks (style attributes it may).
  const at = (node, left, width) => Object.assign(node.style, { left: `${left}%`, ...(width === undefined ? {} : { width: `${width}%` }) }) && node;
  for (let d = 1; d < DAYS; d++) bar.append(at(el('span', { class: 'day-line' }), (d * 100) / DAYS));
  const place = (from, to, cls, title) => {
    const left = Math.max(0, (span(from, zone).toMillis() - start.toMillis()) / length);
    const right = Math.min(1, (span(to, zone).toMillis() - start.toMillis()) / length);
    if (right > left) bar.append(at(el('span', { class: cls, title }), left * 100, Math.max(0.4, (right - left) * 100)));
  };
  for (const b of schedule.blocks) place(b.startsAt, b.endsAt, 'blocked', pick(b.reason));
  for (const p of schedule.periods) place(p.startsAt, p.endsAt, p.free === 0 ? 'busy full' : 'busy', `${p.inUse}/${schedule.quantity}`);
  return bar;
}

/**
 * Activities of other units hide their titles from us, except those waiting for our approval: the
 * approval queue names them. Anything else is said in words, never as an id.
 */
let waiting = new Map();
const titleOf = (booking) => (booking.title ? pick(booking.title) : waiting.has(booking.activityId) ? pick(waiting.get(booking.activityId)) : t('timeline.internal'));

function describe(schedule, zone) {
  const fmt = (iso) => span(iso, zone).toFormat('MM-dd ccc HH:mm');
  const items = [
    ...schedule.blocks.map((b) => el('li', { class: 'blocked-item', text: `${fmt(b.startsAt)} – ${fmt(b.endsAt)}: ${t('timeline.blocked', { reason: pick(b.reason) })}` })),
    ...schedule.bookings.map((b) => el('li', { text: `${fmt(b.startsAt)} – ${span(b.endsAt, zone).toFormat('HH:mm')}: ${titleOf(b)} · ${t('timeline.inUse', { quantity: b.quantity, pool: schedule.quantity })} · ${t(`status.${b.status}`)}` })),
  ];
  return items.length ? el('ul', { class: 'bookings' }, items) : el('p', { class: 'muted', text: t('timeline.free') });
}

async function draw(list, resources, weekStart, zone) {
  const from = DateTime.fromISO(weekStart, { zone });
  const query = `from=${encodeURIComponent(String(from.toISO()))}&to=${encodeURIComponent(String(from.plus({ days: DAYS }).toISO()))}`;
  const schedules = await Promise.all(resources.map((r) => api(`/resources/${r.id}/schedule?${query}`)));
  const header = el('div', { class: 'track-days', 'aria-hidden': 'true' },
    Array.from({ length: DAYS }, (_, d) => el('span', { text: span(from.plus({ days: d }).toISO(), zone).toFormat('MM-dd ccc') })));
  list.replaceChildren(header, ...resources.map((r, i) => el('section', { class: 'resource-row', 'aria-labelledby': `timeline-${r.id}` },
    el('h3', { id: `timeline-${r.id}`, text: `${pick(r.name)} · ${t(`kind.${r.kind}`)}${r.kind === 'equipment' ? ` × ${r.quantity}` : ''}` }),
    track(schedules[i], weekStart, zone),
    describe(schedules[i], zone))));
}

export async function render(panel, me) {
  const [units, resources, claims] = await Promise.all([allPages('/units'), allPages('/resources'), allPages('/approvals').catch(() => [])]);
  waiting = new Map(claims.map((c) => /** @type {[number, any]} */ ([c.activityId, c.activityTitle])));
  const zone = units.find((u) => u.id === me.unitId)?.timeZone ?? 'Asia/Shanghai';
  const params = new URLSearchParams(location.search);
  const form = el('form', { class: 'filters', id: 'timeline-filters' },
    field('timeline-week', t('timeline.week'), el('input', { type: 'date', name: 'week', value: monday(params.get('week') || today(zone)) })),
    field('timeline-unit', t('timeline.unit'), el('select', { name: 'unit' }, el('option', { value: '', text: t('timeline.all') }), options(units.map((u) => [u.id, pick(u.name)])))),
    field('timeline-kind', t('timeline.kind'), el('select', { name: 'kind' }, el('option', { value: '', text: t('timeline.all') }), options(['equipment', 'venue', 'staff'].map((k) => [k, t(`kind.${k}`)])))));
  const list = el('div', { id: 'timeline', 'aria-live': 'polite' });
  const redraw = async () => {
    const unit = form.elements.namedItem('unit').value;
    const kind = form.elements.namedItem('kind').value;
    const week = monday(form.elements.namedItem('week').value || today(zone));
    const shown = resources.filter((r) => (!unit || String(r.unitId) === unit) && (!kind || r.kind === kind));
    await draw(list, shown, week, zone);
  };
  form.addEventListener('change', () => redraw().catch((error) => list.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error.message }) }))));
  panel.replaceChildren(el('h2', { text: t('timeline.title') }), form, el('p', { class: 'zone-note', text: t('timeline.zone', { zone }) }), list);
  await redraw();
}
