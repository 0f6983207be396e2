// Book panel: a form that checks availability as you type, suggests the earliest free times, shows
// conflicts with their reasons before and at submit; below it, the unit's activities to edit.
import { readTrip, tripFields } from './organizer-trip.js';
import { dateInput, timeInput } from './local-inputs.js';
import { ApiProblem, allPages, api, el, showFieldErrors } from './api.js';
import { KINDS, pick, t, zoneName } from './i18n.js';

const { DateTime } = window.luxon;
import {
  ZONES, debounce, field, formatInstant, localParts, minutesBetween, options, plusDays, searchReason, showFailure, today, zonedIso,
} from './organizer-common.js';
import { renderMyActivities } from './organizer-activities.js';
import { allDayBounds, allDayFields, overrideBox, readRule, repeatFields, retargetErrors, syncTiming } from './organizer-timing.js';
import { TITLE_MAX_LENGTH } from './generated/enums.js';
import { claimRow } from './organizer-claims.js';

/**
 * What the form offers to create an activity as (confirmed first, the default); "requested" the
 * form does not offer. The type fails the check if the server stops accepting one of them.
 * @type {Array<(typeof import('./generated/enums.js').ACTIVITY_CREATE_STATUSES)[number]>}
 */
const OFFERED_STATUSES = ['confirmed', 'draft'];

/** How long typing must pause before the availability search runs. */
const SEARCH_DELAY_MS = 350;
/** Suggestions look this many days ahead, from the chosen start time of day on. */
const SUGGEST_DAYS = 14;

/**
 * The form's values as the API wants them (null pieces when incomplete).
 * @param {HTMLFormElement} form
 * @returns {{ date: string, start: string, end: string, durationMinutes: number, zone: string, body: Record<string, any> }}
 */
function readForm(form) {
  const v = (name) => /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name))?.value ?? '';
  const zone = v('timeZone');
  const claims = [...form.querySelectorAll('.claim-row')].map((row) => {
    const get = (suffix) => /** @type {HTMLInputElement} */ (row.querySelector(`[name$=".${suffix}"]`)).value;
    return { resourceId: Number(get('resourceId')), quantity: Number(get('quantity')), setupMinutes: Number(get('setupMinutes')), teardownMinutes: Number(get('teardownMinutes')) };
  });
  const grades = v('audienceGrades').split(/[,，\s]+/).filter(Boolean).map(Number);
  const allDay = /** @type {HTMLInputElement} */ (form.elements.namedItem('allDay')).checked;
  const recurrenceRule = readRule(form);
  // All day: the search checks the whole first day (its limit is one day; later days are checked at submit).
  const timing = allDay
    ? { start: '00:00', end: '24:00', durationMinutes: 1440, ...allDayBounds(form, zonedIso) }
    : { start: v('startsAt'), end: v('endsAt'), durationMinutes: minutesBetween(v('date'), v('startsAt'), v('endsAt')),
        startsAt: zonedIso(v('date'), v('startsAt'), zone) ?? '', endsAt: zonedIso(v('date'), v('endsAt'), zone) ?? '' };
  return {
    date: v('date'), start: timing.start, end: timing.end, durationMinutes: timing.durationMinutes, zone,
    body: {
      kind: v('kind'), title: { 'zh-CN': v('title.zh-CN'), en: v('title.en') }, organizerUnitId: Number(v('organizerUnitId')),
      venueId: v('venueId') ? Number(v('venueId')) : null,
      startsAt: timing.startsAt, endsAt: timing.endsAt, timeZone: zone, allDay, ...(recurrenceRule ? { recurrenceRule } : {}),
      status: v('status'), ...(v('capacity') ? { capacity: Number(v('capacity')) } : {}), audienceGrades: grades, claims, ...readTrip(v, v('date'), zone),
    },
  };
}

function searchBody(values, hours, window) {
  const { body } = values;
  const resources = [...(body.venueId ? [{ resourceId: body.venueId, quantity: 1 }] : []), ...body.claims];
  return {
    durationMinutes: values.durationMinutes, timeZone: values.zone,
    from: values.date, to: plusDays(values.date, window), hours, resources, unitIds: [body.organizerUnitId], limit: 5,
  };
}

let checks = 0;

/** "Confirmed" or "draft", each said in words beside the choice (issue 25 item 13). */
function statusChoice() {
  return el('fieldset', { id: 'book-status', class: 'form-group status-choice' }, el('legend', { text: t('book.status') }),
    OFFERED_STATUSES.map((s, i) => el('div', { class: 'choice' },
      el('input', { type: 'radio', name: 'status', id: `book-status-${s}`, value: s, checked: i === 0, 'aria-describedby': `book-status-${s}-hint` }),
      el('label', { for: `book-status-${s}` }, el('strong', { text: t(`status.${s}`) })),
      el('p', { class: 'hint', id: `book-status-${s}-hint`, text: t(`book.statusHint.${s}`) }))));
}

/** Runs the two searches: is the chosen time free (and why not), and the earliest free times from it. */
async function checkAvailability(values, box, suggestions, resources, pickSlot) {
  // Typing can start a new check before the last one answered: only the latest may draw.
  const mine = ++checks;
  const { body } = values;
  suggestions.replaceChildren();
  if (!body.venueId && body.claims.length === 0) return void box.replaceChildren(el('p', { text: t('book.needResources') }));
  if (!values.date || !values.start || !values.end || values.end <= values.start) return void box.replaceChildren(el('p', { text: t('book.incomplete') }));
  box.replaceChildren(el('p', { text: t('book.checking') }));
  const untilEvening = values.end > '21:00' ? '24:00' : '21:00';
  const [exact, later] = await Promise.all([
    api('/availability/search', { method: 'POST', body: { ...searchBody(values, { from: values.start, to: values.end }, 0), stepMinutes: 5, limit: 1 } }),
    // The search has no all-day mode: a whole-day window never fits opening hours, which the booking
    // rules do not apply to all-day activities. So no suggestions then, and those reasons are dropped.
    body.allDay ? { slots: [] } : api('/availability/search', { method: 'POST', body: searchBody(values, { from: values.start, to: untilEvening }, SUGGEST_DAYS - 1) }),
  ]);
  if (mine !== checks) return;
  const reasons = (exact.explanation?.nearest?.problems ?? exact.explanation?.days.flatMap((d) => d.blockedBy) ?? [])
    .filter((r) => !(body.allDay && r.kind === 'opening_hours'));
  if (exact.slots.length > 0 || (body.allDay && reasons.length === 0)) {
    box.replaceChildren(el('p', { class: 'ok', id: 'book-free', text: t('book.free') }));
  } else {
    box.replaceChildren(el('div', { class: 'conflict', id: 'book-conflict-preview' },
      el('p', { text: t('book.notFree') }),
      el('ul', {}, [...new Set(reasons.map((r) => searchReason(r, resources)))].map((line) => el('li', { text: line })))));
  }
  const slots = later.slots.filter((s) => !(exact.slots.length > 0 && s.startsAt === exact.slots[0].startsAt));
  if (body.allDay) return;
  if (slots.length === 0) return void suggestions.append(el('p', { text: t('book.noSuggestions') }));
  suggestions.append(el('p', { id: 'suggestions-label', text: t('book.suggestions') }),
    el('div', { class: 'buttons', role: 'group', 'aria-labelledby': 'suggestions-label' }, slots.map((slot) => {
      const when = formatInstant(slot.startsAt, values.zone).replace(' (', `–${localParts(slot.endsAt, values.zone).time} (`);
      const button = el('button', { type: 'button', class: 'secondary suggestion', 'data-starts-at': slot.startsAt, 'aria-label': t('book.pick', { when }), text: when });
      button.addEventListener('click', () => pickSlot(slot));
      return button;
    })));
}

/** A booked series: how many occurrences it has and when, in its own zone. */
async function listOccurrences(activity, list) {
  const { items } = await api(`/activities/${activity.id}/occurrences`);
  const format = (o) => (activity.allDay
    ? `${localParts(o.startsAt, activity.timeZone).date} (${zoneName(activity.timeZone)})`
    : formatInstant(o.startsAt, activity.timeZone));
  list.replaceChildren(el('p', { id: 'book-occurrence-count', text: t('repeat.booked', { count: items.length }) }),
    el('ul', { 'aria-labelledby': 'book-occurrence-count' }, items.map((o) => el('li', { class: 'occurrence', text: format(o) }))));
}

/** After a booking: a link to it and "Book another", which clears the titles and starts afresh. */
function bookedNext(activity, form, restart) {
  const another = el('button', { type: 'button', id: 'book-another', class: 'secondary', text: t('book.another') });
  another.addEventListener('click', () => {
    for (const name of ['title.zh-CN', 'title.en']) form.elements.namedItem(name).value = '';
    restart();
    form.elements.namedItem('title.zh-CN').focus();
  });
  return el('div', { class: 'ok', id: 'book-done' }, el('p', { text: t('book.booked') }),
    el('p', { class: 'buttons' }, el('a', { class: 'button', id: 'book-open', href: `/activities/${activity.id}`, text: t('book.open') }), another));
}

/**
 * What a new booking starts from: a duplicated activity, or free time picked on the timeline.
 * @typedef {{ kind?: string, title?: { 'zh-CN': string, en: string }, venueId?: number | null, date: string, start: string, end: string,
 *   timeZone?: string, capacity?: number | null, audienceGrades?: number[], claims?: Array<{ resourceId: number, quantity?: number, setupMinutes?: number, teardownMinutes?: number }> }} Draft
 */

/**
 * The booking form and `prefill(draft)`, which fills it from a draft and checks availability at once.
 * @returns {{ form: HTMLFormElement, prefill: (draft: Draft) => void }}
 */
export function bookForm(me, units, resources, onBooked) {
  const venues = resources.filter((r) => r.kind === 'venue');
  const myUnit = units.find((u) => u.id === me.unitId);
  const zone = myUnit?.timeZone ?? 'Asia/Shanghai';
  const unitChoices = me.role === 'admin' ? units : units.filter((u) => u.id === me.unitId);
  const claims = el('div', { id: 'book-claims' });
  const availability = el('div', { id: 'book-availability', role: 'status', 'aria-live': 'polite' });
  const suggestions = el('div', { id: 'book-suggestions' });
  const failure = el('div', { id: 'book-conflicts', class: 'conflict', role: 'alert', hidden: true });
  const result = el('p', { id: 'book-result', role: 'status', 'aria-live': 'polite' });
  const occurrences = el('div', { id: 'book-occurrences' });
  const override = overrideBox();
  const addClaim = el('button', { type: 'button', id: 'book-add-claim', class: 'secondary', text: t('book.addClaim') });
  // A real form (issue 25 item 13): fields grouped by what they say, two columns on a desk, one on a phone.
  const group = (id, legend, ...fields) => el('fieldset', { id, class: 'form-group' }, el('legend', { text: legend }), ...fields);
  const form = el('form', { id: 'book-form', class: 'panel', novalidate: true },
    el('h2', { text: t('book.title') }),
    group('book-what', t('book.groupWhat'),
      field('book-title-zh', t('book.titleZh'), el('input', { type: 'text', name: 'title.zh-CN', required: true, maxlength: String(TITLE_MAX_LENGTH) })),
      field('book-title-en', t('book.titleEn'), el('input', { type: 'text', name: 'title.en', required: true, maxlength: String(TITLE_MAX_LENGTH), lang: 'en' })),
      field('book-kind', t('book.kind'), el('select', { name: 'kind' }, options(KINDS.map((k) => [k, t(`kind.${k}`)])))),
      field('book-unit', t('book.unit'), el('select', { name: 'organizerUnitId' }, options(unitChoices.map((u) => [u.id, pick(u.name)]), me.unitId))),
      field('book-capacity', t('book.capacity'), el('input', { type: 'number', min: '0', name: 'capacity', inputmode: 'numeric' })),
      field('book-grades', t('book.grades'), el('input', { type: 'text', name: 'audienceGrades', inputmode: 'numeric' }))),
    group('book-when', t('book.groupWhen'),
      field('book-venue', t('book.venue'), el('select', { name: 'venueId' }, el('option', { value: '', text: t('book.noVenue') }), options(venues.map((v) => [v.id, pick(v.name)])))),
      field('book-zone', t('book.zone'), el('select', { name: 'timeZone' }, options([...new Set([zone, ...ZONES])].map((z) => [z, zoneName(z)]), zone)), t('book.zoneHint')),
      field('book-date', t('book.date'), dateInput({ name: 'date', required: true }, plusDays(today(zone), 7))),
      ...allDayFields(plusDays(today(zone), 7)),
      field('book-start', t('book.start'), timeInput({ name: 'startsAt', required: true }, '09:00')),
      field('book-end', t('book.end'), timeInput({ name: 'endsAt', required: true }, '11:00'))),
    repeatFields(), tripFields(),
    statusChoice(),
    el('h3', { text: t('book.claims') }), claims, addClaim,
    availability, suggestions, failure, override,
    el('button', { type: 'submit', id: 'book-submit', text: t('book.submit') }), result, occurrences);

  let claimCount = 0;
  const resourcesOnly = resources;
  // Right after a booking the form still describes it: a search now would report the booking itself
  // as the conflict. Until the organizer changes something (or presses "Book another"), no search runs.
  let justBooked = false;
  const check = debounce(() => {
    if (justBooked) return;
    checkAvailability(readForm(form), availability, suggestions, resourcesOnly, pickSlot).catch((error) => {
      // An incomplete form is normal while typing: its field errors show, nothing else.
      if (error instanceof ApiProblem && error.status === 422) return void availability.replaceChildren(el('p', { text: t('book.incomplete') }));
      availability.replaceChildren(el('p', { class: 'error', text: t('error.generic', { detail: error.message }) }));
    });
  }, SEARCH_DELAY_MS);
  function pickSlot(slot) {
    const zoneNow = form.elements.namedItem('timeZone').value;
    const start = localParts(slot.startsAt, zoneNow);
    // A multi-day booking keeps its length when its first day moves.
    const lastDay = form.elements.namedItem('lastDay');
    const span = DateTime.fromISO(lastDay.value).diff(DateTime.fromISO(form.elements.namedItem('date').value), 'days').days;
    if (Number.isFinite(span)) lastDay.value = plusDays(start.date, span);
    form.elements.namedItem('date').value = start.date;
    form.elements.namedItem('startsAt').value = start.time;
    form.elements.namedItem('endsAt').value = localParts(slot.endsAt, zoneNow).time;
    failure.hidden = true;
    syncTiming(form, zoneNow);
    check();
    form.elements.namedItem('startsAt').focus();
  }
  addClaim.addEventListener('click', () => {
    const row = claimRow(resources, claimCount++, check);
    claims.append(row);
    row.querySelector('select').focus();
    check();
  });
  const changed = (event) => {
    if (override.contains(event?.target)) return;
    justBooked = false;
    syncTiming(form, form.elements.namedItem('timeZone').value);
    check();
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const values = readForm(form);
    // The override travels only with the admin's explicit "book anyway" press, never with a plain submit.
    if (event.submitter?.id === 'book-override-submit') values.body.override = { reason: form.elements.namedItem('override.reason').value };
    result.replaceChildren();
    occurrences.replaceChildren();
    failure.hidden = true;
    try {
      const activity = await api('/activities', { method: 'POST', body: values.body });
      showFieldErrors(form, { errors: [] });
      override.hidden = true;
      form.elements.namedItem('override.reason').value = '';
      justBooked = true;
      result.textContent = activity.status === 'requested'
        ? t('book.requested', { until: formatInstant(activity.holdExpiresAt, activity.timeZone) })
        : t('book.created', { title: pick(activity.title), status: t(`status.${activity.status}`) });
      availability.replaceChildren(bookedNext(activity, form, () => {
        justBooked = false;
        result.replaceChildren();
        occurrences.replaceChildren();
        check();
      }));
      if (activity.recurrenceRule) await listOccurrences(activity, occurrences);
      onBooked(activity);
    } catch (error) {
      if (error instanceof ApiProblem) retargetErrors(error, form);
      showFailure(form, failure, error, values.zone, resources);
      if (error instanceof ApiProblem && error.code === 'calendar_blocked' && me.role === 'admin') {
        override.hidden = false;
        form.elements.namedItem('override.reason').focus();
      }
    }
  });
  /** @param {Draft} draft */
  function prefill(draft) {
    const set = (name, value) => { form.elements.namedItem(name).value = value ?? ''; };
    if (draft.kind) set('kind', draft.kind);
    // A new pick after a booking starts without the last booking's titles.
    if (draft.title || justBooked) {
      set('title.zh-CN', draft.title?.['zh-CN']);
      set('title.en', draft.title?.en);
    }
    const venueIds = new Set(venues.map((v) => v.id));
    const venue = draft.venueId ?? draft.claims?.find((c) => venueIds.has(c.resourceId))?.resourceId ?? null;
    set('venueId', venue ? String(venue) : '');
    if (draft.timeZone && [...form.elements.namedItem('timeZone').options].some((o) => o.value === draft.timeZone)) set('timeZone', draft.timeZone);
    form.elements.namedItem('allDay').checked = false;
    form.elements.namedItem('repeat').value = 'none';
    set('date', draft.date);
    set('startsAt', draft.start);
    set('endsAt', draft.end);
    set('capacity', draft.capacity ?? '');
    set('audienceGrades', (draft.audienceGrades ?? []).join(', '));
    claims.replaceChildren();
    claimCount = 0;
    for (const claim of (draft.claims ?? []).filter((c) => !venueIds.has(c.resourceId))) claims.append(claimRow(resources, claimCount++, check, claim));
    justBooked = false;
    failure.hidden = true;
    result.replaceChildren();
    occurrences.replaceChildren();
    syncTiming(form, form.elements.namedItem('timeZone').value);
    check();
  }
  syncTiming(form, zone);
  check();
  return { form, prefill };
}

export async function render(panel, me) {
  const [units, resources] = await Promise.all([allPages('/units'), allPages('/resources')]);
  const mine = el('section', { id: 'my-activities', 'aria-labelledby': 'my-activities-title' });
  const refresh = () => renderMyActivities(mine, me, units, resources, null, duplicate);
  const { form, prefill } = bookForm(me, units, resources, refresh);
  /** "Duplicate": a new booking like this activity (its first occurrence's times; the titles kept to change). */
  function duplicate(activity) {
    const start = localParts(activity.startsAt, activity.timeZone);
    prefill({ ...activity, date: start.date, start: start.time, end: localParts(activity.endsAt, activity.timeZone).time });
    form.scrollIntoView({ block: 'start' });
    /** @type {HTMLInputElement} */ (form.querySelector('[name="title.zh-CN"]')).focus();
  }
  panel.replaceChildren(form, mine);
  await refresh();
}
