// Helpers the organizer panels share: zoned times (luxon, loaded by the page), conflicts, tables.
import { ApiProblem, el, showFieldErrors } from './api.js';
import { lang, pick, t, zoneName } from './i18n.js';
import './organizer-strings.js';

const { DateTime } = window.luxon;

export const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'UTC'];

/** "2027-03-09" + "18:30" in Asia/Shanghai → "2027-03-09T18:30:00+08:00" (an instant with its offset). */
export function zonedIso(date, time, zone) {
  const local = DateTime.fromISO(`${date}T${time}`, { zone });
  return local.isValid ? local.toISO({ suppressMilliseconds: true }) : null;
}

/** An instant → its local date and time in a zone, for date and time inputs. */
export function localParts(iso, zone) {
  const local = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  return { date: local.toISODate(), time: local.toFormat('HH:mm') };
}

/** "2026-11-24 10:05 (北京时间)": an instant, always with the zone it is shown in, by its name. */
export function formatInstant(iso, zone) {
  if (!iso) return '—';
  const local = DateTime.fromISO(iso, { setZone: true }).setZone(zone).setLocale(lang() === 'en' ? 'en-GB' : 'zh-CN');
  return `${local.toFormat('yyyy-MM-dd ccc HH:mm')} (${zoneName(zone)})`;
}

export function today(zone) {
  return DateTime.now().setZone(zone).toISODate();
}

export function plusDays(date, days) {
  return DateTime.fromISO(date).plus({ days }).toISODate();
}

export function minutesBetween(date, from, to) {
  return DateTime.fromISO(`${date}T${to}`).diff(DateTime.fromISO(`${date}T${from}`), 'minutes').minutes;
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

export function field(id, label, input, hint) {
  input.id = id;
  if (!input.name) input.name = id;
  const hintEl = hint ? el('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return el('div', { class: 'field' }, el('label', { for: id, text: label }), input, hintEl);
}

export function options(pairs, selected) {
  return pairs.map(([value, text]) => el('option', { value: String(value), text, selected: String(value) === String(selected) }));
}

/**
 * A table with a caption; rows are arrays of cells (strings or nodes).
 * @param {string} caption
 * @param {string[]} headers
 * @param {any[][]} rows
 * @param {(i: number) => Record<string, any>} [rowAttrs]
 */
export function table(caption, headers, rows, rowAttrs = () => ({})) {
  return el('table', {},
    el('caption', { class: 'visually-hidden', text: caption }),
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.map((cells, i) => el('tr', rowAttrs(i), cells.map((c) => el('td', {}, c))))));
}

/** Names of resources by id, for reasons that only carry an id. */
export function nameOf(resources, id) {
  const r = resources.find((x) => x.id === id);
  return r ? pick(r.name) : `#${id}`;
}

/** One line per reason the availability search gives (busy, calendar, opening hours). */
export function searchReason(reason, resources) {
  if (reason.kind === 'busy') {
    // The search names a specific resource's requirement "resource <id>".
    const id = reason.resourceId ?? Number(/^resource (\d+)$/.exec(reason.requirement ?? '')?.[1] ?? 0);
    return t('reason.busy', { resource: id ? nameOf(resources, id) : (reason.requirement ?? ''), needed: reason.needed ?? '?', free: reason.free ?? 0 });
  }
  if (reason.kind === 'opening_hours') return t('reason.openingHours', { resource: nameOf(resources, reason.resourceId) });
  return t('reason.calendar', { kind: t(`calendar.${reason.calendarKind}`), reason: pick(reason.reason) });
}

/** The reasons of a 409 problem (resource_conflict, calendar_blocked), as list items. */
export function problemReasons(problem, zone, resources) {
  if (problem.code === 'resource_conflict') {
    return (problem.conflicts || []).map((c) => t('reason.conflict', {
      resource: c.resourceName ? pick(c.resourceName) : nameOf(resources, c.resourceId),
      requested: c.requested, free: c.free, pool: c.poolQuantity,
      period: `${formatInstant(c.period.startsAt, zone)} – ${formatInstant(c.period.endsAt, zone)}`,
      holders: c.holders.map((h) => (h.title ? pick(h.title) : `#${h.activityId}`)).join(', ') || '—',
    }));
  }
  if (problem.code === 'calendar_blocked') {
    return (problem.blocks || []).map((b) => t('reason.block', {
      kind: t(`calendar.${b.kind}`), reason: pick(b.reason),
      resource: b.resourceId ? ` (${nameOf(resources, b.resourceId)})` : '',
    }));
  }
  return [problem.message];
}

/** Shows an API failure: field errors next to inputs, conflicts with reasons, else the message. */
export function showFailure(form, box, error, zone, resources) {
  box.replaceChildren();
  box.hidden = false;
  if (!(error instanceof ApiProblem)) {
    box.append(el('p', { text: t('error.generic', { detail: error.message }) }));
    return;
  }
  const fields = showFieldErrors(form, error);
  const problem = error.problem;
  if (error.status === 409 && problem) {
    const title = t(`problem.${error.code}`);
    box.append(el('p', { class: 'conflict-title', text: title === `problem.${error.code}` ? error.message : title }),
      // A series repeats the same block once per occurrence: one line each is enough.
      el('ul', {}, [...new Set(problemReasons({ ...problem, message: error.message }, zone, resources))].map((line) => el('li', { text: line }))));
    return;
  }
  box.append(el('p', { text: fields > 0 ? t('error.fields') : error.message }));
}

export function statusBadge(status) {
  return el('span', { class: `badge status-${status}`, text: t(`status.${status}`) });
}
