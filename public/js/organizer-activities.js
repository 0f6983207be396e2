// The unit's activities with edit, move and cancel — of one occurrence, or of the whole series.
import { allPages, api, el } from './api.js';
import { formatRange, pick, t } from './i18n.js';
import { field, localParts, showFailure, statusBadge, table, zonedIso } from './organizer-common.js';
import { describeRule } from './organizer-timing.js';

/** Date and time inputs for one period, read and written in `zone`. */
function timeInputs(prefix, startsAt, endsAt, zone) {
  const start = localParts(startsAt, zone);
  const end = localParts(endsAt, zone);
  const date = el('input', { type: 'date', name: 'date', value: start.date, required: true });
  const from = el('input', { type: 'time', name: 'startsAt', value: start.time, required: true });
  const to = el('input', { type: 'time', name: 'endsAt', value: end.time, required: true });
  return {
    nodes: [field(`${prefix}-date`, t('book.date'), date), field(`${prefix}-start`, t('book.start'), from), field(`${prefix}-end`, `${t('book.end')} (${zone})`, to)],
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

async function occurrenceEditors(activity, resources, done) {
  const { items } = await api(`/activities/${activity.id}/occurrences`);
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

async function editor(activity, resources, done) {
  const path = `/activities/${activity.id}`;
  const inputs = timeInputs(`edit-${activity.id}`, activity.startsAt, activity.endsAt, activity.timeZone);
  const actions = activity.status === 'cancelled' ? [] : [
    [t('mine.save'), (v) => api(path, { method: 'PATCH', body: v })],
    [t('mine.cancel'), () => api(path, { method: 'PATCH', body: { status: 'cancelled' } }), 'danger', t('confirm.cancelActivity', { title: pick(activity.title) })],
  ];
  const box = el('div', { class: 'panel editor', id: `editor-${activity.id}`, tabindex: '-1' },
    el('h3', { text: t('mine.editTitle', { title: pick(activity.title) }) }),
    activity.recurrenceRule ? el('h4', { text: `${t('mine.series')}：${describeRule(activity.recurrenceRule, localParts(activity.startsAt, activity.timeZone).date)}` }) : null,
    actionForm(`edit-${activity.id}`, inputs, actions, activity, resources, done),
    ...(activity.recurrenceRule && activity.status !== 'cancelled' ? await occurrenceEditors(activity, resources, done) : []));
  return box;
}

/** Draws the list; `reopen` (an activity id) opens its editor again after a change, saying it was saved. */
export async function renderMyActivities(section, me, units, resources, reopen = null) {
  const query = new URLSearchParams({ from: new Date(Date.now() - 86_400_000).toISOString() });
  if (me.unitId) query.set('unitId', String(me.unitId));
  const activities = await allPages(`/activities?${query}`);
  const slot = el('div', { id: 'activity-editor' });
  const open = async (activity, saved = false) => {
    const refresh = () => renderMyActivities(section, me, units, resources, activity.id);
    slot.replaceChildren(await editor(await api(`/activities/${activity.id}`), resources, refresh));
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
