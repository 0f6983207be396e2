// The unit's activities with a full edit (live-checked), duplicate, move and cancel — of one occurrence,
// from one on ("this and following"), or of the whole series.
import { dateInput, timeInput } from './local-inputs.js';
import { allPages, api, el, showFieldErrors } from './api.js';
import { KINDS, formatRange, pick, t, zoneName } from './i18n.js';
import { debounce, field, localParts, options, showFailure, statusBadge, table, zonedIso } from './organizer-common.js';
import { claimRow, readClaims } from './organizer-claims.js';
import { describeRule } from './organizer-timing.js';

/** Date and time inputs for one period, read and written in `zone`. */
function timeInputs(prefix, startsAt, endsAt, zone) {
  const start = localParts(startsAt, zone);
  const end = localParts(endsAt, zone);
  const date = dateInput({ name: 'date', required: true }, start.date);
  const from = timeInput({ name: 'startsAt', required: true }, start.time);
  const to = timeInput({ name: 'endsAt', required: true }, end.time);
  return {
    nodes: [field(`${prefix}-date`, t('book.date'), date), field(`${prefix}-start`, t('book.start'), from), field(`${prefix}-end`, `${t('book.end')} (${zoneName(zone)})`, to)],
    read: () => ({ startsAt: zonedIso(date.value, from.value, zone) ?? '', endsAt: zonedIso(date.value, to.value, zone) ?? '' }),
  };
}

/** A small form: the inputs, and buttons that each send a request built from them. */
function actionForm(id, inputs, actions, activity, resources, done) {
  const failure = el('div', { class: 'conflict', role: 'alert', hidden: true });
  const form = el('form', { id, class: 'edit-form', novalidate: true }, el('div', { class: 'grid' }, inputs.nodes ?? []), el('div', { class: 'buttons' }), failure);
  const run = async (request) => {
    failure.hidden = true;
    try {
      await request(inputs.read ? inputs.read() : {});
      await done();
    } catch (error) {
      showFailure(form, failure, error, activity.timeZone, resources);
    }
  };
  for (const [label, request, name, warning] of actions) {
    const button = el('button', { type: 'button', class: name === 'danger' ? 'danger' : 'secondary', text: label });
    button.addEventListener('click', () => (name === 'danger' ? confirmStep(button, label, warning, () => run(request)) : run(request)));
    form.querySelector('.buttons').append(button);
  }
  return form;
}

/**
 * Cancelling emails everyone registered: the first press only asks, naming what will happen; the
 * second ("Yes, …") does it, "Keep" goes back. Focus moves to the question and back again.
 */
function confirmStep(button, label, warning, act) {
  const question = el('p', { class: 'confirm-question', role: 'alert', tabindex: '-1', text: warning });
  const yes = el('button', { type: 'button', class: 'danger confirm-yes', text: t('confirm.yes', { action: label }) });
  const keep = el('button', { type: 'button', class: 'secondary confirm-keep', text: t('confirm.keep') });
  const step = el('div', { class: 'confirm-step' }, question, yes, keep);
  button.hidden = true;
  button.insertAdjacentElement('afterend', step);
  yes.focus();
  keep.addEventListener('click', () => {
    step.remove();
    button.hidden = false;
    button.focus();
  });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    await act();
    step.remove();
    button.hidden = false;
  });
}

function occurrenceEditors(activity, items, resources, done) {
  const list = el('ol', { class: 'occurrences' });
  for (const o of items.slice(0, 60)) {
    const inputs = timeInputs(`occ-${o.id}`, o.startsAt, o.endsAt, activity.timeZone);
    const path = `/activities/${activity.id}/occurrences/${o.id}`;
    const actions = o.status === 'cancelled'
      ? [[t('mine.restore'), () => api(path, { method: 'PATCH', body: { status: 'scheduled' } })]]
      : [
        [t('mine.moveOne'), (v) => api(path, { method: 'PATCH', body: v })],
        [t('mine.split'), (v) => api(`/activities/${activity.id}/split`, { method: 'POST', body: { occurrenceId: o.id, ...v } })],
        [t('mine.cancelOne'), () => api(path, { method: 'PATCH', body: { status: 'cancelled' } }), 'danger', t('confirm.cancelOne', { when: formatRange(o.startsAt, o.endsAt, activity.timeZone, activity.allDay) })],
      ];
    list.append(el('li', {},
      el('p', {}, formatRange(o.startsAt, o.endsAt, activity.timeZone, activity.allDay), ' ', statusBadge(o.status)),
      actionForm(`occurrence-${o.id}`, inputs, actions, activity, resources, done)));
  }
  return [el('h4', { text: t('mine.occurrences') }), list];
}

/** Typing must pause this long before the edit is checked (a dry run of the PATCH on the server). */
const CHECK_DELAY_MS = 350;

/**
 * Everything of the activity, for the whole series: texts in both languages, kind, venue, claims,
 * capacity, audience, time and rule. Each change is checked by the server as a dry run of the PATCH
 * (POST /activities/{id}/check-update, the same rules as booking), so a conflict shows before saving.
 */
function fullEditor(activity, resources, done, items) {
  const id = `edit-${activity.id}`;
  const venues = resources.filter((r) => r.kind === 'venue');
  const text = (name, value, attrs = {}) => el('input', { type: 'text', name, value, ...attrs });
  const area = (name, value) => { const node = el('textarea', { name, rows: '2', maxlength: '10000' }); node.value = value; return node; };
  const times = timeInputs(id, activity.startsAt, activity.endsAt, activity.timeZone);
  const claims = el('div', { class: 'edit-claims' });
  let rows = 0;
  const check = debounce(() => dryRun().catch(() => undefined), CHECK_DELAY_MS);
  for (const claim of activity.claims.filter((c) => c.resourceId !== activity.venueId)) claims.append(claimRow(resources, rows++, check, claim, `${id}-claim`));
  const addClaim = el('button', { type: 'button', class: 'secondary', text: t('book.addClaim') });
  addClaim.addEventListener('click', () => {
    const row = claimRow(resources, rows++, check, null, `${id}-claim`);
    claims.append(row);
    row.querySelector('select').focus();
    check();
  });
  const rule = activity.recurrenceRule ? text('recurrenceRule', activity.recurrenceRule, { spellcheck: 'false', lang: 'en' }) : null;
  // A series: the whole of it (PATCH), or this and following from a later occurrence (split).
  const later = items.slice(1).filter((o) => o.status === 'scheduled');
  const scope = later.length === 0 ? null : el('select', { name: 'scope' }, options([['all', t('edit.scopeAll')],
    ...later.map((o) => [o.id, t('edit.scopeFrom', { when: formatRange(o.startsAt, o.endsAt, activity.timeZone, activity.allDay) })])], 'all'));
  const status = el('div', { class: 'edit-check', id: `${id}-check`, role: 'status', 'aria-live': 'polite' });
  const failure = el('div', { class: 'conflict', role: 'alert', hidden: true });
  const form = el('form', { id: `${id}-full`, class: 'edit-form', novalidate: true },
    el('div', { class: 'grid' },
      ...(scope ? [field(`${id}-scope`, t('edit.scope'), scope, t('edit.scopeHint'))] : []),
      field(`${id}-kind`, t('book.kind'), el('select', { name: 'kind' }, options(KINDS.map((k) => [k, t(`kind.${k}`)]), activity.kind))),
      field(`${id}-title-zh`, t('book.titleZh'), text('title.zh-CN', activity.title['zh-CN'], { required: true, maxlength: '200' })),
      field(`${id}-title-en`, t('book.titleEn'), text('title.en', activity.title.en, { required: true, maxlength: '200', lang: 'en' })),
      field(`${id}-description-zh`, t('edit.descriptionZh'), area('description.zh-CN', activity.description['zh-CN'])),
      field(`${id}-description-en`, t('edit.descriptionEn'), area('description.en', activity.description.en)),
      field(`${id}-venue`, t('book.venue'), el('select', { name: 'venueId' }, el('option', { value: '', text: t('book.noVenue') }), options(venues.map((v) => [v.id, pick(v.name)]), activity.venueId ?? ''))),
      field(`${id}-capacity`, t('book.capacity'), el('input', { type: 'number', min: '0', name: 'capacity', inputmode: 'numeric', value: activity.capacity ?? '' })),
      field(`${id}-grades`, t('book.grades'), text('audienceGrades', activity.audienceGrades.join(', '), { inputmode: 'numeric' })),
      ...(activity.allDay ? [] : times.nodes),
      ...(rule ? [field(`${id}-rule`, t('repeat.rule'), rule, t('edit.ruleHint'))] : [])),
    el('h4', { text: t('book.claims') }), claims, addClaim, status, failure, el('div', { class: 'buttons' }));
  const read = () => {
    const v = (name) => form.elements.namedItem(name).value;
    return {
      kind: v('kind'), title: { 'zh-CN': v('title.zh-CN'), en: v('title.en') },
      description: { 'zh-CN': v('description.zh-CN'), en: v('description.en') },
      venueId: v('venueId') ? Number(v('venueId')) : null, capacity: v('capacity') === '' ? null : Number(v('capacity')),
      audienceGrades: v('audienceGrades').split(/[,，\s]+/).filter(Boolean).map(Number),
      ...(activity.allDay ? {} : times.read()), ...(rule ? { recurrenceRule: rule.value.trim() } : {}), claims: readClaims(claims),
    };
  };
  const from = () => (scope && scope.value !== 'all' ? items.find((o) => String(o.id) === scope.value) : null);
  /** What the chosen scope sends: PATCH of the activity, or the split's body (texts, venue, time, rule, claims). */
  const request = (check) => {
    const values = read();
    const split = from();
    if (!split) return { path: `/activities/${activity.id}${check ? '/check-update' : ''}`, method: check ? 'POST' : 'PATCH', body: values };
    const { kind: _kind, capacity: _capacity, audienceGrades: _grades, recurrenceRule, ...kept } = values;
    const body = { occurrenceId: split.id, ...kept, ...(recurrenceRule && recurrenceRule !== activity.recurrenceRule ? { recurrenceRule } : {}) };
    return { path: `/activities/${activity.id}/${check ? 'check-split' : 'split'}`, method: 'POST', body };
  };
  // Choosing an occurrence puts its date in the date field: the split's first occurrence is that one.
  scope?.addEventListener('change', () => {
    const split = from();
    const date = form.elements.namedItem('date');
    if (date) date.value = localParts((split ?? activity).startsAt, activity.timeZone).date;
    for (const name of ['kind', 'capacity', 'audienceGrades']) form.elements.namedItem(name).disabled = split !== null;
  });
  let checks = 0;
  // Once saving starts no check runs (a late one would ask about an occurrence the split just moved).
  let saving = false;
  async function dryRun() {
    if (saving) return;
    const mine = ++checks;
    status.replaceChildren(el('p', { text: t('book.checking') }));
    try {
      const { path, body } = request(true);
      await api(path, { method: 'POST', body });
      if (mine !== checks) return;
      showFieldErrors(form, { errors: [] });
      failure.hidden = true;
      status.replaceChildren(el('p', { class: 'ok', id: `${id}-fits`, text: t('edit.fits') }));
    } catch (error) {
      if (mine !== checks) return;
      status.replaceChildren(el('p', { id: `${id}-conflict`, text: t('edit.notFits') }));
      showFailure(form, failure, error, activity.timeZone, resources);
    }
  }
  form.addEventListener('input', check);
  form.addEventListener('change', check);
  const save = el('button', { type: 'button', id: `${id}-save`, text: t('edit.save') });
  save.addEventListener('click', async () => {
    failure.hidden = true;
    saving = true;
    ++checks;
    try {
      const { path, method, body } = request(false);
      await api(path, { method, body });
      await done();
    } catch (error) {
      saving = false;
      showFailure(form, failure, error, activity.timeZone, resources);
    }
  });
  form.querySelector('.buttons').append(save);
  return form;
}

async function editor(activity, resources, done, duplicate) {
  const path = `/activities/${activity.id}`;
  const items = activity.recurrenceRule ? (await api(`${path}/occurrences`)).items : [];
  const actions = activity.status === 'cancelled' ? [] : [
    [t('mine.cancel'), () => api(path, { method: 'PATCH', body: { status: 'cancelled' } }), 'danger', t('confirm.cancelActivity', { title: pick(activity.title) })],
  ];
  const copy = el('button', { type: 'button', class: 'secondary', id: `duplicate-${activity.id}`, text: t('edit.duplicate') });
  copy.addEventListener('click', () => duplicate(activity));
  const box = el('div', { class: 'panel editor', id: `editor-${activity.id}`, tabindex: '-1' },
    el('h3', { text: t('mine.editTitle', { title: pick(activity.title) }) }),
    activity.recurrenceRule ? el('h4', { text: `${t('mine.series')}：${describeRule(activity.recurrenceRule, localParts(activity.startsAt, activity.timeZone).date)}` }) : null,
    activity.recurrenceRule ? el('p', { class: 'muted', text: t('edit.seriesNote') }) : null,
    activity.status === 'cancelled' ? null : fullEditor(activity, resources, done, items),
    el('p', { class: 'buttons' }, copy),
    actions.length ? actionForm(`edit-${activity.id}`, {}, actions, activity, resources, done) : null,
    ...(activity.recurrenceRule && activity.status !== 'cancelled' ? occurrenceEditors(activity, items, resources, done) : []));
  return box;
}

/**
 * Draws the list; `reopen` (an activity id) opens its editor again after a change, saying it was saved;
 * `duplicate` fills the booking form from an activity.
 * @param {(activity: any) => void} [duplicate]
 */
export async function renderMyActivities(section, me, units, resources, reopen = null, duplicate = () => undefined) {
  const query = new URLSearchParams({ from: new Date(Date.now() - 86_400_000).toISOString() });
  if (me.unitId) query.set('unitId', String(me.unitId));
  const activities = await allPages(`/activities?${query}`);
  const slot = el('div', { id: 'activity-editor' });
  const open = async (activity, saved = false) => {
    const refresh = () => renderMyActivities(section, me, units, resources, activity.id, duplicate);
    slot.replaceChildren(await editor(await api(`/activities/${activity.id}`), resources, refresh, duplicate));
    if (saved) slot.firstChild.prepend(el('p', { class: 'ok', role: 'status', id: 'editor-saved', text: t('mine.saved') }));
    slot.firstChild.focus();
  };
  const rows = activities.map((a) => {
    const edit = el('button', { type: 'button', class: 'secondary', 'data-activity': String(a.id), text: t('mine.edit'), 'aria-label': `${t('mine.edit')}: ${pick(a.title)}` });
    edit.addEventListener('click', () => open(a));
    return [
      el('a', { href: `/activities/${a.id}`, text: `${pick(a.title)}${a.recurrenceRule ? t('mine.recurring') : ''}` }),
      formatRange(a.startsAt, a.endsAt, a.timeZone, a.allDay), statusBadge(a.status), edit,
    ];
  });
  section.replaceChildren(
    el('h2', { id: 'my-activities-title', text: t('mine.title') }),
    activities.length === 0 ? el('p', { text: t('mine.none') })
      : el('div', { class: 'table-wrap' }, table(t('mine.title'), [t('approvals.activity'), t('mine.when'), t('mine.status'), t('mine.actions')], rows)),
    slot);
  if (reopen) await open({ id: reopen }, true);
}
