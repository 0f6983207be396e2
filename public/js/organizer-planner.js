// Planner panel: a term's commitments (list, add, remove) and, below, its plan (organizer-plan-view.js).
import { dateInput, timeInput } from './local-inputs.js';
import { ApiProblem, allPages, api, el, showFieldErrors } from './api.js';
import { KINDS, pick, t } from './i18n.js';
import { field, options, table } from './organizer-common.js';
import { renderPlan } from './organizer-plan-view.js';
import './organizer-planner-strings.js';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const SEASONS = ['spring', 'summer', 'autumn', 'fall', 'winter'];

/** The term in the URL (#planner/<term>), else the newest term that has commitments, else none. */
function initialTerm(commitments, state) {
  if (state) return state;
  return [...commitments].sort((a, b) => b.id - a.id)[0]?.term ?? '';
}

/**
 * The terms to choose from, by name (issue 25 item 13: no term code to type). A commitment's term is a
 * code ("autumn-2026"); a term of the school calendar ("秋季学期" from 1 September 2026) gives the code
 * of its season and year, and a code of that form is named by its season and year in the reader's words.
 * @returns {Array<[string, string]>} [code, name] pairs, newest first
 */
function termChoices(entries, commitments, current) {
  const named = new Map();
  const seasonName = (code) => {
    const m = /^([a-z]+)-(\d{4})$/.exec(code);
    return m && SEASONS.includes(m[1]) ? t('planner.termName', { year: m[2], season: t(`planner.season.${m[1]}`) }) : null;
  };
  for (const e of entries) {
    const year = e.startsAt.slice(0, 4);
    const season = SEASONS.find((s) => e.name.en.toLowerCase().includes(s));
    const code = season ? `${season === 'fall' ? 'autumn' : season}-${year}` : `term-${e.id}`;
    named.set(code, seasonName(code) ?? `${year} ${pick(e.name)}`);
  }
  const counts = new Map();
  for (const c of commitments) counts.set(c.term, (counts.get(c.term) ?? 0) + 1);
  for (const code of [...counts.keys(), ...(current ? [current] : [])]) {
    if (!named.has(code)) named.set(code, seasonName(code) ?? t('planner.otherTerm', { count: counts.get(code) ?? 0 }));
  }
  return [...named].sort((a, b) => b[0].slice(-4).localeCompare(a[0].slice(-4)) || a[1].localeCompare(b[1]));
}

function forWhom(c, classes) {
  if (c.classIds.length === 0) return t('planner.everyone');
  const names = c.classIds.map((id) => { const k = classes.find((x) => x.id === id); return k ? pick(k.name) : `#${id}`; });
  return names.length > 3 ? t('planner.classesMany', { first: names.slice(0, 2).join(t('planner.join')), count: names.length }) : names.join(t('planner.join'));
}

function howOften(c) {
  const times = c.count === 1 ? t('planner.once') : c.count ? t('planner.times', { count: c.count }) : t(`planner.cadence.${c.cadence}`);
  const length = c.allDayDays ? t('planner.days', { days: c.allDayDays }) : t('planner.minutes', { minutes: c.durationMinutes });
  return `${times}${c.perClass && c.classIds.length > 1 ? t('planner.perClass') : ''} · ${length}`;
}

function commitmentTable(commitments, classes, onRemove) {
  if (commitments.length === 0) return el('p', { id: 'commitments-none', text: t('planner.noCommitments') });
  return el('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': t('planner.commitments') }, table(t('planner.commitments'), [t('planner.what'), t('planner.forWhom'), t('planner.howOften'), t('planner.window'), t('mine.actions')],
    commitments.map((c) => {
      const remove = el('button', { type: 'button', class: 'secondary', text: t('planner.remove'), 'aria-label': t('planner.removeOne', { title: pick(c.title) }) });
      remove.addEventListener('click', () => onRemove(c));
      return [`${pick(c.title)} (${t(`kind.${c.kind}`)})`, forWhom(c, classes), howOften(c),
        `${c.window.startsOn} – ${c.window.endsOn}, ${c.window.weekdays.map((d) => t(`planner.day.${d}`)).join(t('planner.join'))} ${c.window.from}–${c.window.to}`, remove];
    }), (i) => ({ 'data-commitment': String(commitments[i].id) })));
}

function needRow(resources, index) {
  const row = el('fieldset', { class: 'claim-row' }, el('legend', { class: 'visually-hidden', text: `${t('book.claims')} ${index + 1}` }),
    field(`need-${index}-resource`, t('book.resource'), el('select', { name: `needs.${index}.resourceId` },
      options(resources.filter((r) => r.kind !== 'venue').map((r) => [r.id, `${pick(r.name)}${r.kind === 'equipment' ? ` (${r.quantity})` : ''}`])))),
    field(`need-${index}-quantity`, t('book.quantity'), el('input', { type: 'number', min: '1', value: '1', name: `needs.${index}.quantity`, inputmode: 'numeric' })),
    field(`need-${index}-setup`, t('book.setup'), el('input', { type: 'number', min: '0', value: '0', name: `needs.${index}.setupMinutes`, inputmode: 'numeric' })),
    field(`need-${index}-teardown`, t('book.teardown'), el('input', { type: 'number', min: '0', value: '0', name: `needs.${index}.teardownMinutes`, inputmode: 'numeric' })));
  const remove = el('button', { type: 'button', class: 'secondary', text: t('book.removeClaim') });
  remove.addEventListener('click', () => row.remove());
  row.append(remove);
  return row;
}

/** The form's values as POST /commitments wants them (the inputs are named by the API's field paths, so field errors land on them). */
function readCommitment(form, term, unitId) {
  const v = (name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).value.trim();
  const num = (name) => (v(name) === '' ? undefined : Number(v(name)));
  const checked = (selector) => [...form.querySelectorAll(selector)].filter((b) => b.checked).map((b) => b.value);
  const needs = [...form.querySelectorAll('.claim-row')].map((row) => {
    const get = (suffix) => Number(/** @type {HTMLInputElement} */ (row.querySelector(`[name$=".${suffix}"]`)).value);
    return { resourceId: get('resourceId'), quantity: get('quantity'), setupMinutes: get('setupMinutes'), teardownMinutes: get('teardownMinutes') };
  });
  return {
    term, organizerUnitId: unitId, kind: v('kind'), title: { 'zh-CN': v('title.zh-CN'), en: v('title.en') },
    classIds: checked('input[name="classIds"]').map(Number), perClass: true, count: num('count'), durationMinutes: num('durationMinutes'),
    venueId: v('venueId') ? Number(v('venueId')) : null, needs, status: v('status'),
    window: { startsOn: v('window.startsOn'), endsOn: v('window.endsOn'), weekdays: checked('input[name="window.weekdays"]'), from: v('window.from'), to: v('window.to') },
    spacing: { minGapDays: num('spacing.minGapDays'), notSameDayAsOtherActivity: true },
    preferences: { spreadEvenly: 1 },
  };
}

function commitmentForm(ctx, onAdded) {
  const { resources, classes } = ctx;
  const needs = el('div', { id: 'commitment-needs' });
  const addNeed = el('button', { type: 'button', class: 'secondary', text: t('book.addClaim') });
  addNeed.addEventListener('click', () => needs.append(needRow(resources, needs.children.length)));
  const status = el('p', { role: 'status', 'aria-live': 'polite', id: 'commitment-status' });
  const box = (name, value, label, checked) => el('label', { class: 'check' }, el('input', { type: 'checkbox', name, value: String(value), checked }), ` ${label}`);
  const form = el('form', { id: 'commitment-form', class: 'panel', novalidate: true, 'aria-labelledby': 'commitment-form-title' },
    el('h3', { id: 'commitment-form-title', text: t('planner.add') }),
    // Grouped like the booking form (issue 25 item 13): two columns on a desk, one on a phone.
    el('fieldset', { id: 'commitment-what', class: 'form-group' }, el('legend', { text: t('planner.groupWhat') }),
      field('commitment-title-zh', t('book.titleZh'), el('input', { name: 'title.zh-CN', required: true })),
      field('commitment-title-en', t('book.titleEn'), el('input', { name: 'title.en', required: true })),
      field('commitment-kind', t('book.kind'), el('select', { name: 'kind' }, options(KINDS.map((k) => [k, t(`kind.${k}`)]), 'field_visit'))),
      field('commitment-venue', t('book.venue'), el('select', { name: 'venueId' }, el('option', { value: '', text: t('book.noVenue') }),
        options(resources.filter((r) => r.kind === 'venue').map((r) => [r.id, pick(r.name)])))),
      field('commitment-count', t('planner.count'), el('input', { name: 'count', type: 'number', min: '1', value: '1', inputmode: 'numeric' }), t('planner.countHint')),
      field('commitment-duration', t('planner.duration'), el('input', { name: 'durationMinutes', type: 'number', min: '5', value: '120', inputmode: 'numeric' }))),
    el('fieldset', { id: 'commitment-classes', class: 'checks' }, el('legend', { text: t('planner.forWhom') }), classes.map((c) => box('classIds', c.id, pick(c.name), false))),
    el('fieldset', { id: 'commitment-when', class: 'form-group' }, el('legend', { text: t('planner.groupWhen') }),
      field('commitment-starts', t('planner.startsOn'), dateInput({ name: 'window.startsOn', required: true })),
      field('commitment-ends', t('planner.endsOn'), dateInput({ name: 'window.endsOn', required: true })),
      field('commitment-from', t('planner.from'), timeInput({ name: 'window.from' }, '09:00')),
      field('commitment-to', t('planner.to'), timeInput({ name: 'window.to' }, '12:00')),
      el('fieldset', { id: 'commitment-weekdays', class: 'checks wide' }, el('legend', { text: t('planner.weekdays') }), DAYS.map((d, i) => box('window.weekdays', d, t(`planner.day.${d}`), i < 5))),
      field('commitment-gap', t('planner.minGap'), el('input', { name: 'spacing.minGapDays', type: 'number', min: '0', inputmode: 'numeric' }))),
    el('fieldset', {}, el('legend', { text: t('book.claims') }), needs, addNeed),
    el('fieldset', { id: 'commitment-booking-status', class: 'form-group status-choice' }, el('legend', { text: t('book.status') }),
      [['confirmed', 'planner.statusHint.confirmed'], ['requested', 'planner.statusHint.requested']].map(([s, hint], i) => el('div', { class: 'choice' },
        el('input', { type: 'radio', name: 'status', id: `commitment-status-${s}`, value: s, checked: i === 0, 'aria-describedby': `commitment-status-${s}-hint` }),
        el('label', { for: `commitment-status-${s}` }, el('strong', { text: t(`status.${s}`) })),
        el('p', { class: 'hint', id: `commitment-status-${s}-hint`, text: t(hint) })))),
    el('button', { type: 'submit', text: t('planner.addSubmit') }), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = readCommitment(form, ctx.term(), ctx.me.unitId);
    try {
      await api('/commitments', { method: 'POST', body });
      showFieldErrors(form, { errors: [] });
      status.textContent = t('planner.added', { title: pick(body.title) });
      await onAdded();
    } catch (error) {
      const fields = error instanceof ApiProblem ? showFieldErrors(form, error) : 0;
      status.textContent = fields > 0 ? t('error.fields') : t('error.generic', { detail: error instanceof Error ? error.message : String(error) });
    }
  });
  return form;
}

export async function render(panel, me, state = '', setState = (_state) => {}) {
  const [resources, classes, all, terms] = await Promise.all([allPages('/resources'), allPages('/classes'), api('/commitments'), allPages('/calendar-entries?kind=term')]);
  let term = initialTerm(all, state);
  if (term && !state) setState(term);
  const ctx = { me, resources, classes, term: () => term };
  const list = el('div', { id: 'commitments-list' });
  const planBox = el('div', { id: 'plan-box' });
  const termInput = el('select', { id: 'planner-term', name: 'term' },
    term ? null : el('option', { value: '', text: t('planner.noTerm') }), options(termChoices(terms, all, term), term));
  const refresh = async () => {
    const commitments = term ? await api(`/commitments?term=${encodeURIComponent(term)}`) : [];
    list.replaceChildren(commitmentTable(commitments, classes, async (c) => {
      await api(`/commitments/${c.id}`, { method: 'DELETE' });
      await refresh();
    }));
    await renderPlan(planBox, { term, commitments, classes, resources });
  };
  const termForm = el('div', { id: 'planner-term-form', class: 'inline' }, field('planner-term', t('planner.term'), termInput, t('planner.termHint')));
  termInput.addEventListener('change', async () => {
    if (!termInput.value) return;
    term = termInput.value;
    setState(term);
    await refresh();
  });
  panel.replaceChildren(el('h2', { text: t('planner.title') }), el('p', { text: t('planner.intro') }), termForm,
    el('h3', { text: t('planner.commitments') }), list, commitmentForm(ctx, refresh), planBox);
  await refresh();
}
