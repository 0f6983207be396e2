// Timing extras of the Book panel: all-day (multi-day) bookings, weekly series built into an RRULE,
// and the admin's override of calendar blocks. The API wants an exclusive end and the first occurrence
// as startsAt; people think in inclusive last days and weekdays, so the translation lives here.
import { dateInput } from './local-inputs.js';
import { ApiProblem, api, el } from './api.js';
import { t, zoneName } from './i18n.js';
import { debounce, field, options, plusDays, zonedIso } from './organizer-common.js';
import { WEEKDAYS, describeRule } from './rule-words.js';

export { describeRule };

const { DateTime } = window.luxon;

function check(id, name, value, label) {
  return el('div', { class: 'check' },
    el('input', { type: 'checkbox', id, name, value }),
    el('label', { for: id, text: label }));
}

/** The "All day" checkbox and the inclusive last day it reveals. */
export function allDayFields(firstDay) {
  const lastDay = field('book-last-day', t('allDay.lastDay'), dateInput({ name: 'lastDay' }, firstDay), t('allDay.hint'));
  lastDay.hidden = true;
  return [check('book-all-day', 'allDay', 'true', t('allDay.label')), lastDay];
}

/** The "Repeats" fieldset: none, weekly on chosen weekdays, every N weeks; ends after N times or on a day. */
export function repeatFields() {
  const days = el('fieldset', { class: 'weekdays' }, el('legend', { text: t('repeat.weekdays') }),
    WEEKDAYS.map((d) => check(`book-byday-${d}`, 'byDay', d, t(`weekday.${d}`))));
  const interval = field('book-interval', t('repeat.interval'), el('input', { type: 'number', name: 'interval', min: '2', max: '52', value: '2', inputmode: 'numeric' }));
  const count = field('book-count', t('repeat.count'), el('input', { type: 'number', name: 'count', min: '1', max: '500', value: '4', inputmode: 'numeric' }));
  const until = field('book-until', t('repeat.until'), dateInput({ name: 'until' }), t('repeat.untilHint'));
  const rule = el('div', { class: 'field' }, el('label', { for: 'book-rule', text: t('repeat.rule') }),
    el('output', { id: 'book-rule', name: 'recurrenceRule', 'aria-live': 'polite' }));
  const details = el('div', { id: 'book-repeat-details', class: 'grid' }, days, interval,
    field('book-repeat-end', t('repeat.end'), el('select', { name: 'repeatEnd' }, options([['count', t('repeat.endCount')], ['until', t('repeat.endUntil')]]))),
    count, until, rule);
  return el('fieldset', { id: 'book-repeat', class: 'repeat' }, el('legend', { text: t('repeat.legend') }),
    el('div', { class: 'grid' }, field('book-repeat-kind', t('repeat.kind'), el('select', { name: 'repeat' },
      options([['none', t('repeat.none')], ['weekly', t('repeat.weekly')], ['interval', t('repeat.everyWeeks')]])))),
    details);
}

const value = (form, name) => form.elements.namedItem(name)?.value ?? '';
const chosenDays = (form) => [...form.querySelectorAll('input[name="byDay"]:checked')].map((i) => i.value);

/** The RRULE the controls describe, or null for a one-off. Bad numbers go to the API, which names the field. */
export function readRule(form) {
  const kind = value(form, 'repeat');
  if (kind !== 'weekly' && kind !== 'interval') return null;
  const parts = ['FREQ=WEEKLY'];
  if (kind === 'interval') parts.push(`INTERVAL=${value(form, 'interval').trim()}`);
  const days = chosenDays(form);
  if (days.length > 0) parts.push(`BYDAY=${days.join(',')}`);
  // UNTIL as a plain date: the API reads it as that whole local day in the activity's zone.
  parts.push(value(form, 'repeatEnd') === 'until' ? `UNTIL=${value(form, 'until').replaceAll('-', '')}` : `COUNT=${value(form, 'count').trim()}`);
  return parts.join(';');
}

/** Typing must pause this long before the server expands the rule for the preview. */
const PREVIEW_DELAY_MS = 300;
let previews = 0;

/**
 * The count and last date of the series, as booking will store it: the server expands the rule with
 * the same code (POST /recurrence/preview), so the browser keeps no copy of the grammar.
 */
const previewSeries = debounce(async (output, body, prefix) => {
  const mine = ++previews;
  let tail;
  try {
    const preview = await api('/recurrence/preview', { method: 'POST', body });
    const last = preview.occurrences.at(-1);
    // The words already say how many times when the rule ends by a count.
    const times = /COUNT=/.test(body.recurrenceRule) ? [] : [t('repeat.times', { count: preview.count })];
    tail = [...times, ...(last ? [t('repeat.last', { date: last.startsAt.slice(0, 10) })] : [])].join(' · ');
  } catch (error) {
    tail = error instanceof ApiProblem && error.code === 'recurrence_limit_exceeded'
      ? t('repeat.tooLong', { max: error.problem.maxOccurrences ?? 500, years: error.problem.maxYears ?? 2 }) : t('repeat.countUnknown');
  }
  if (mine === previews) output.value = `${prefix} · ${tail}`;
}, PREVIEW_DELAY_MS);

/**
 * The series starts on the chosen date (the API wants startsAt to be the first occurrence), so that
 * date's weekday is ticked and locked; a day we ticked for an earlier date is given back when the date moves.
 */
function fixStartWeekday(form) {
  const date = DateTime.fromISO(value(form, 'date'));
  const code = date.isValid ? WEEKDAYS[date.weekday - 1] : null;
  for (const box of form.querySelectorAll('input[name="byDay"]')) {
    const start = box.value === code;
    if (!start && box.disabled) {
      box.disabled = false;
      if (box.dataset.auto === 'true') box.checked = false;
    }
    if (start && !box.disabled) {
      box.dataset.auto = String(!box.checked);
      box.checked = true;
      box.disabled = true;
    }
  }
}

/** Shows or hides the controls that depend on others, and writes the rule with its count and zone. */
export function syncTiming(form, zone) {
  const allDay = form.elements.namedItem('allDay').checked;
  for (const id of ['book-start', 'book-end']) form.querySelector(`#${id}`).closest('.field').hidden = allDay;
  const lastDay = form.elements.namedItem('lastDay');
  lastDay.closest('.field').hidden = !allDay;
  if (allDay && (!lastDay.value || lastDay.value < value(form, 'date'))) lastDay.value = value(form, 'date');
  const kind = value(form, 'repeat');
  form.querySelector('#book-repeat-details').hidden = kind === 'none';
  form.querySelector('#book-interval').closest('.field').hidden = kind !== 'interval';
  const byUntil = value(form, 'repeatEnd') === 'until';
  form.querySelector('#book-count').closest('.field').hidden = byUntil;
  form.querySelector('#book-until').closest('.field').hidden = !byUntil;
  const output = form.elements.namedItem('recurrenceRule');
  const rule = readRule(form);
  if (!rule) return void (output.value = '');
  fixStartWeekday(form);
  const when = allDay ? t('allDay.label') : value(form, 'startsAt');
  const prefix = `${describeRule(rule)} · ${when} (${zoneName(zone)})`;
  output.value = prefix;
  const bounds = allDay ? allDayBounds(form, zonedIso)
    : { startsAt: zonedIso(value(form, 'date'), value(form, 'startsAt'), zone) ?? '', endsAt: zonedIso(value(form, 'date'), value(form, 'endsAt'), zone) ?? '' };
  if (bounds.startsAt && bounds.endsAt) previewSeries(output, { ...bounds, timeZone: zone, allDay, recurrenceRule: rule }, prefix);
}

/** The API's idea of the timing: instants at local midnight for all-day, the last day made exclusive. */
export function allDayBounds(form, zonedIso) {
  const zone = value(form, 'timeZone');
  const first = value(form, 'date');
  const last = value(form, 'lastDay') || first;
  return { startsAt: zonedIso(first, '00:00', zone) ?? '', endsAt: first && last ? zonedIso(plusDays(last, 1), '00:00', zone) ?? '' : '' };
}

/**
 * Points the API's field errors at controls the person can see: all-day and series starts belong to the
 * date, ends of all-day to the last day; a series past the limits is an error of the rule.
 */
export function retargetErrors(error, form) {
  const allDay = form.elements.namedItem('allDay').checked;
  const repeating = readRule(form) !== null;
  if (error.code === 'recurrence_limit_exceeded') {
    error.errors = [{ path: 'body.recurrenceRule', message: t('repeat.tooLong', { max: error.problem.maxOccurrences ?? 500, years: error.problem.maxYears ?? 2 }) }];
    return;
  }
  error.errors = error.errors.map((e) => {
    if (e.path === 'body.startsAt' && (allDay || repeating)) return { ...e, path: 'body.date' };
    if (e.path === 'body.endsAt' && allDay) return { ...e, path: 'body.lastDay' };
    return e;
  });
}

/** For admins: the reason to book into blocked calendar time, shown after a 409 calendar_blocked. */
export function overrideBox() {
  const box = el('div', { id: 'book-override', class: 'panel' },
    field('book-override-reason', t('override.reason'), el('textarea', { name: 'override.reason', rows: '2', maxlength: '500' }), t('override.hint')),
    el('button', { type: 'submit', id: 'book-override-submit', text: t('override.submit') }));
  box.hidden = true;
  // Typing a reason is not a change of the booking: no availability search for it.
  for (const type of ['input', 'change']) box.addEventListener(type, (event) => event.stopPropagation());
  return box;
}
