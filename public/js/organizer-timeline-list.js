// The booking grid on a phone: one day as a list per resource — its free times (a press books them),
// its bookings and what blocks it — instead of hour cells that cannot fit 390 px (issue 25, item 5).
import { el } from './api.js';
import { pick, t } from './i18n.js';

const { DateTime } = window.luxon;

/** A free time pressed in the list starts a booking this long (or to the end of the free time). */
const PICKED_HOURS = 1;

/** The day's shown hours of one resource cut where anything starts or ends, equal neighbours merged. */
function segments(schedule, lo, hi) {
  const points = new Set([lo, hi]);
  for (const x of [...schedule.blocks, ...schedule.bookings, ...schedule.periods]) {
    for (const v of [Date.parse(x.startsAt), Date.parse(x.endsAt)]) if (v > lo && v < hi) points.add(v);
  }
  const cuts = [...points].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    const over = (x) => Date.parse(x.startsAt) < end && Date.parse(x.endsAt) > start;
    const blocks = schedule.blocks.filter(over);
    const bookings = schedule.bookings.filter(over);
    const inUse = Math.max(0, ...schedule.periods.filter(over).map((q) => q.inUse));
    const kind = blocks.some((b) => b.kind !== 'opening_hours') ? 'blocked' : blocks.length ? 'closed' : inUse >= schedule.quantity ? 'full' : 'free';
    const key = [kind, inUse, bookings.map((b) => b.occurrenceId).join(), blocks.map((b) => pick(b.reason)).join()].join('|');
    const last = out.at(-1);
    if (last && last.key === key) last.end = end;
    else out.push({ key, kind, start, end, blocks, bookings, inUse });
  }
  return out;
}

/** One line of a resource's day. */
function item(resource, name, schedule, s, ctx) {
  const at = (ms) => DateTime.fromMillis(ms, { zone: ctx.zone });
  const when = `${at(s.start).toFormat('HH:mm')}–${at(s.end).toFormat('HH:mm')}`;
  const pool = s.inUse > 0 && schedule.quantity > 1 ? ` · ${t('timeline.inUse', { quantity: s.inUse, pool: schedule.quantity })}` : '';
  const titles = s.bookings.map((b) => {
    const title = ctx.titleOf(b);
    const text = `${title ?? t('timeline.busy')} · ${t(`status.${b.status}`)}`;
    return title ? el('a', { class: `grid-bar bar-${b.status}`, href: `/activities/${b.activityId}`, text }) : el('span', { class: 'grid-bar bar-hidden', text });
  });
  if (s.kind === 'free') {
    const button = el('button', { type: 'button', class: 'slot-free', 'aria-label': `${name} · ${when} · ${t('timeline.freeCell')}${pool} · ${t('timeline.bookSlot')}` },
      el('span', { class: 'slot-time', text: when }), ` ${t('timeline.freeCell')}${pool}`, el('span', { class: 'slot-action', text: t('timeline.bookSlot') }));
    button.addEventListener('click', () => ctx.onPick([resource], at(s.start), at(Math.min(s.end, s.start + PICKED_HOURS * 3_600_000))));
    return el('li', { class: 'slot slot-is-free' }, button, ...titles);
  }
  const state = s.kind === 'blocked' ? t('timeline.blocked', { reason: [...new Set(s.blocks.filter((b) => b.kind !== 'opening_hours').map((b) => pick(b.reason)))].join('; ') })
    : s.kind === 'closed' ? t('timeline.legendClosed') : `${t('timeline.full')}${pool}`;
  return el('li', { class: `slot slot-is-${s.kind}` }, el('span', { class: 'slot-time', text: when }), ` ${state} `, ...titles);
}

/**
 * The page's day for each resource, within the shown hours `p.hours`.
 * @param {{ resources: any[], schedules: any[], p: any, zone: string, locale: string, titleOf: (b: any) => string | null, onPick: Function }} ctx
 */
export function dayList(ctx) {
  const { resources, schedules, p } = ctx;
  const lo = p.from.set({ hour: p.hours.start }).toMillis();
  const hi = p.hours.end >= 24 ? p.to.toMillis() : p.from.set({ hour: p.hours.end }).toMillis();
  const list = el('div', { class: 'grid-list', id: 'booking-grid', role: 'group', 'aria-label': t('timeline.gridLabel') },
    el('h3', { class: 'grid-list-day', text: p.from.setLocale(ctx.locale).toFormat('MM-dd cccc') }));
  resources.forEach((resource, i) => {
    const name = `${pick(resource.name)}${resource.kind === 'equipment' ? ` ×\u00a0${resource.quantity}` : ''}`;
    const slots = segments(schedules[i], lo, hi).map((s) => item(resource, name, schedules[i], s, ctx));
    list.append(el('section', { class: 'grid-list-resource', 'data-resource': String(resource.id) },
      el('h4', { class: 'grid-list-name', text: name, title: `${name} · ${t(`kind.${resource.kind}`)}` }), el('ul', { class: 'slots' }, ...slots)));
  });
  if (resources.length === 0) list.append(el('p', { class: 'muted', text: t('timeline.none') }));
  return list;
}
