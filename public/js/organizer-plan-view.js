// The plan of a term: plan or re-plan (the solver runs on the server; this polls), the proposal by
// week beside what is already booked, each unplaced occurrence with its reasons, pins, and accepting.
import { ApiProblem, api, el } from './api.js';
import { formatRange, lang, pick, t } from './i18n.js';
import { nameOf } from './organizer-common.js';
import './organizer-planner-strings.js';

const { DateTime } = window.luxon;
/** How often a running plan is asked for its progress. */
const POLL_MS = 500;
const ZONE = 'Asia/Shanghai';

function zoneOf(ctx, commitmentId) {
  return ctx.commitments.find((c) => c.id === commitmentId)?.timeZone ?? ZONE;
}

/** "Dome session (2)": the commitment's title in the page's language, and which of its occurrences. */
function titleOf(ctx, entry) {
  const c = ctx.commitments.find((x) => x.id === entry.commitmentId);
  const count = c?.count ?? 1;
  return c ? `${pick(c.title)}${count > 1 ? ` (${entry.index + 1}/${count})` : ''}` : entry.title;
}

function classNames(ctx, ids) {
  return ids.map((id) => { const c = ctx.classes.find((x) => x.id === id); return c ? pick(c.name) : `#${id}`; }).join(t('planner.join'));
}

async function waitForPlan(id, onProgress) {
  for (;;) {
    const plan = await api(`/plans/${id}`);
    if (!['queued', 'running'].includes(plan.status)) return plan;
    onProgress(plan);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** How close the plan is to the best one, in plain words (the solver's relative gap, never shown as such). */
function quality(gap) {
  if (typeof gap !== 'number') return '';
  if (gap <= 1e-6) return t('planner.best');
  if (gap < 0.01) return t('planner.nearBest');
  return t('planner.shortOfBest', { percent: Math.ceil(gap * 100) });
}

function summary(plan) {
  const s = plan.result?.stats ?? {};
  const words = [t('planner.summary', { placed: s.placed ?? 0, total: s.occurrences ?? 0, unplaced: s.unplaced ?? 0 }), quality(s.gap),
    plan.status === 'accepted' ? t('planner.acceptedNote') : '',
    plan.status === 'accepting' ? t('planner.acceptingNote', { done: plan.acceptance?.length ?? 0, total: plan.result?.items.length ?? 0 }) : ''].filter(Boolean);
  return el('p', { id: 'plan-summary', role: 'status' }, words.join(lang() === 'en' ? ' ' : ''));
}

/** A plan item that starts before now (plans made before past weeks were left out, issue 25 item 2). */
const isPast = (item) => !item.accepted && Date.parse(item.start) < Date.now();

function itemRow(ctx, plan, item, act) {
  const zone = zoneOf(ctx, item.commitmentId);
  const pinned = plan.pinned.some((p) => p.key === item.key);
  const needsApproval = new Set(item.approvals.map((a) => a.resourceId));
  const past = isPast(item);
  const pin = el('button', { type: 'button', class: 'secondary', 'data-pin': item.key, 'aria-pressed': String(pinned),
    text: pinned ? t('planner.unpin') : t('planner.pin'), 'aria-label': t(pinned ? 'planner.unpinOne' : 'planner.pinOne', { title: titleOf(ctx, item) }) });
  pin.disabled = plan.status === 'accepted' || plan.status === 'accepting' || item.accepted || past;
  pin.addEventListener('click', () => act(pinned ? api(`/plans/${plan.id}/pins/${encodeURIComponent(item.key)}`, { method: 'DELETE' })
    : api(`/plans/${plan.id}/pins`, { method: 'POST', body: { key: item.key } })));
  // Each resource once, marked where its unit must approve (never a second list of the same names);
  // when every one needs approval, the list says so once.
  const ids = [...new Set(item.resourceIds)];
  const all = ids.length > 1 && ids.every((id) => needsApproval.has(id));
  const resources = ids.map((id) => `${nameOf(ctx.resources, id)}${needsApproval.has(id) && !all ? t('planner.approvalMark') : ''}`);
  return el('li', { class: `plan-item${pinned ? ' pinned' : ''}${past ? ' past' : ''}`, 'data-item': item.key },
    el('span', { class: 'when', text: formatRange(item.start, item.end, zone, false) }), ' ',
    past ? el('span', { class: 'badge status-cancelled', text: t('planner.past') }) : null, past ? ' ' : null,
    el('strong', { text: titleOf(ctx, item) }), item.classIds.length ? ` · ${classNames(ctx, item.classIds)}` : '',
    el('br'), el('span', { class: 'hint', text: `${resources.join(t('planner.join'))}${all ? ` · ${t('planner.allNeedApproval')}` : ''}` }),
    pinned ? ' ' : null, pinned ? el('span', { class: 'badge', text: t('planner.pinned') }) : null, ' ', pin);
}

/** The proposal by ISO week; each week shows what is already booked for these classes beside it. */
function proposal(ctx, plan, act) {
  const items = [...(plan.result?.items ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  if (items.length === 0) return el('p', { text: t('planner.nothingPlaced') });
  const weeks = new Map();
  for (const item of items) {
    const week = DateTime.fromISO(item.start).setZone(zoneOf(ctx, item.commitmentId)).startOf('week').toISODate();
    weeks.set(week, [...(weeks.get(week) ?? []), item]);
  }
  return el('div', { id: 'plan-proposal' }, [...weeks].map(([week, list]) => el('section', { class: 'plan-week', 'aria-label': t('planner.week', { date: week }) },
    el('h4', { text: t('planner.week', { date: week }) }), el('ul', { class: 'plain' }, list.map((item) => itemRow(ctx, plan, item, act))))));
}

/** A reason's code and data (src/planner/model/diagnose.ts) in the page's language. */
function codeText(ctx, code, d) {
  const resource = () => nameOf(ctx.resources, d.resourceId);
  const cls = () => classNames(ctx, [d.classId]);
  const words = {
    closed: () => ({ message: t('planner.why.closed', { resource: resource() }), fits: t('planner.fix.opens', { resource: resource(), day: t(`planner.day.${d.weekday}`), from: d.from, to: d.to }) }),
    calendar_entry: () => ({ message: t('planner.why.calendar', { name: pick(d.name), date: d.date }), fits: t('planner.fix.calendar', { name: pick(d.name), date: d.date }) }),
    class_window: () => ({ message: t('planner.why.classWindow', { class: cls() }), fits: t('planner.fix.classWindow') }),
    class_entry: () => ({ message: t('planner.why.classEntry', { class: cls(), name: pick(d.name), date: d.date }), fits: t('planner.fix.classEntry', { class: cls(), name: pick(d.name), date: d.date }) }),
    capacity: () => ({ message: t('planner.why.capacity', { resource: resource() }), fits: t('planner.fix.capacity', { resource: resource(), quantity: d.quantity, date: d.date }) }),
    resource_busy: () => ({ message: t('planner.why.capacity', { resource: resource() }), fits: t('planner.fix.busy', { resource: resource(), date: d.date, from: d.from, to: d.to }) }),
    class_busy: () => ({ message: t('planner.why.classBusy', { class: cls() }), fits: t('planner.fix.classFree', { class: cls(), date: d.date }) }),
    min_gap: () => ({ message: t('planner.why.minGap'), fits: t('planner.fix.gap', { days: d.days }) }),
    max_gap: () => ({ message: t('planner.why.maxGap'), fits: t('planner.fix.gap', { days: d.days }) }),
    same_day: () => ({ message: t('planner.why.sameDay'), fits: t('planner.fix.sameDay') }),
    window: () => ({ message: t('planner.why.window'), fits: t('planner.fix.widerWindow') }),
    past: () => ({ message: t('planner.why.past'), fits: t('planner.fix.past', { earliest: d.earliest }) }),
    no_window: () => ({ message: t('planner.why.noWindow', { days: (d.weekdays ?? []).map((w) => t(`planner.day.${w}`)).join(t('planner.join')), from: d.from, to: d.to, fromDate: d.fromDate, toDate: d.toDate }),
      fits: t('planner.fix.window', { from: d.startsOn, to: d.endsOn }) }),
    several: () => {
      const parts = (d.parts ?? []).map((p) => codeText(ctx, p.code, p.data)).filter(Boolean);
      return { message: t('planner.why.several', { list: parts.map((p) => p.message).join(t('planner.list')) }), fits: parts.map((p) => p.fits).join(t('planner.and')) };
    },
  }[code];
  return words ? words() : null;
}

/**
 * A reason in the page's language, worded from its code and data; a plan stored before reasons had
 * codes is worded from its relaxation where that says enough, else its English words are shown.
 */
function reasonText(ctx, r) {
  const coded = r.code ? codeText(ctx, r.code, r.data ?? {}) : null;
  if (coded) return coded;
  const x = r.relaxation;
  if (lang() === 'en' || !x) return { message: r.message, fits: r.fits };
  const resource = (id) => nameOf(ctx.resources, id);
  const words = {
    capacity: () => ({ message: t('planner.why.capacity', { resource: resource(x.resourceId) }),
      fits: ctx.resources.find((r) => r.id === x.resourceId)?.kind === 'equipment'
        ? t('planner.fix.capacity', { resource: resource(x.resourceId), quantity: x.quantity, date: x.date })
        : t('planner.fix.free', { resource: resource(x.resourceId), date: x.date }) }),
    opening_hours: () => ({ message: t('planner.why.closed', { resource: resource(x.resourceId) }), fits: t('planner.fix.opens', { resource: resource(x.resourceId), day: t(`planner.day.${x.weekday}`), from: x.from, to: x.to }) }),
    class_free: () => ({ message: t('planner.why.classBusy', { class: classNames(ctx, [x.classId]) }), fits: t('planner.fix.classFree', { class: classNames(ctx, [x.classId]), date: x.date }) }),
    min_gap: () => ({ message: t('planner.why.minGap'), fits: t('planner.fix.gap', { days: x.days }) }),
    max_gap: () => ({ message: t('planner.why.maxGap'), fits: t('planner.fix.gap', { days: x.days }) }),
    same_day: () => ({ message: t('planner.why.sameDay'), fits: t('planner.fix.sameDay') }),
    window: () => ({ message: t('planner.why.window'), fits: t('planner.fix.window', { from: x.startsOn, to: x.endsOn }) }),
  }[x.kind];
  return words ? words() : { message: r.message, fits: r.fits };
}

function unplacedList(ctx, plan) {
  const unplaced = plan.result?.unplaced ?? [];
  if (unplaced.length === 0) return el('p', { id: 'plan-unplaced-none', text: t('planner.allPlaced') });
  return el('ul', { id: 'plan-unplaced' }, unplaced.map((u) => el('li', { 'data-unplaced': u.key },
    el('strong', { text: titleOf(ctx, u) }), u.classIds.length ? ` · ${classNames(ctx, u.classIds)}` : '',
    el('ul', {}, u.reasons.map((r) => {
      const words = reasonText(ctx, r);
      return el('li', {}, el('span', { class: 'family', text: t(`planner.family.${r.family}`) }), t('planner.colon'), words.message, el('br'),
        el('span', { class: 'hint', text: words.fits }));
    })))));
}

/** Why an item was kept or refused, in the page's language where the code is known (else the server's words). */
function outcomeNote(a) {
  if (a.outcome === 'kept') return ` — ${t('planner.keptNote')}`;
  if (!a.message && !a.code) return '';
  const known = { past: 'planner.refused.past', class_conflict: 'planner.refused.classConflict' }[a.code ?? ''];
  return ` — ${known ? t(known) : a.message}`;
}

function acceptance(ctx, plan) {
  if (!plan.acceptance) return null;
  const title = (key) => { const item = plan.result?.items.find((i) => i.key === key); return item ? titleOf(ctx, item) : key; };
  return el('section', { id: 'plan-acceptance' }, el('h4', { text: t('planner.acceptance') }), el('ul', {}, plan.acceptance.map((a) => el('li', { 'data-outcome': a.outcome },
    `${title(a.key)}${t('planner.colon')}${t(`planner.outcome.${a.outcome}`)}`, a.status ? ` (${t(`status.${a.status}`)})` : '', outcomeNote(a),
    a.activityId ? el('a', { href: `/activities/${a.activityId}`, text: ` #${a.activityId}` }) : null))));
}

/** The job's phase in words ("rechecking" is never shown as such). */
function phaseText(phase) {
  return ['queued', 'loading', 'solving', 'rechecking', 'done', 'failed'].includes(phase) ? t(`planner.phase.${phase}`) : t('planner.phase.working');
}

function controls(box, ctx, plan, redraw) {
  const status = el('p', { id: 'plan-status', role: 'status', 'aria-live': 'polite' });
  const run = async (action) => {
    for (const b of box.querySelectorAll('button')) b.disabled = true;
    try {
      const started = await action;
      status.textContent = t('planner.running');
      redraw(started && ['queued', 'running'].includes(started.status)
        ? await waitForPlan(started.id, (p) => { status.textContent = t('planner.progress', { phase: phaseText(p.progress.phase), seconds: Math.round(p.progress.seconds ?? 0) }); })
        : started);
    } catch (error) {
      for (const b of box.querySelectorAll('button')) b.disabled = false;
      status.textContent = error instanceof ApiProblem ? t('error.generic', { detail: error.message }) : String(error);
    }
  };
  const plan1 = el('button', { type: 'button', id: 'plan-run', text: plan ? t('planner.planNew') : t('planner.plan') });
  plan1.addEventListener('click', () => run(api('/plans', { method: 'POST', body: { term: ctx.term } })));
  const buttons = [plan1];
  if (plan && plan.status === 'done') {
    const replan = el('button', { type: 'button', id: 'plan-replan', class: 'secondary', text: t('planner.replan') });
    replan.addEventListener('click', () => run(api(`/plans/${plan.id}/replan`, { method: 'POST' })));
    buttons.push(replan);
  }
  // An `accepting` plan stopped part-way (the server restarted): accepting again books the rest.
  if (plan && (plan.status === 'done' || plan.status === 'accepting')) {
    const accept = el('button', { type: 'button', id: 'plan-accept', text: t('planner.accept') });
    accept.addEventListener('click', () => run(api(`/plans/${plan.id}/accept`, { method: 'POST' })));
    buttons.push(accept);
  }
  return { bar: el('div', { class: 'buttons' }, buttons), status, run };
}

/** Draws the term's latest plan (or the offer to plan) into `box`. */
export async function renderPlan(box, ctx) {
  if (!ctx.term) {
    box.replaceChildren();
    return;
  }
  const draw = (plan) => {
    const { bar, status, run } = controls(box, ctx, plan, draw);
    const act = (request) => run(request);
    const parts = [el('h3', { text: t('planner.planTitle') }), bar, status];
    if (plan?.status === 'failed') parts.push(el('p', { class: 'error', role: 'alert', text: t('planner.failed', { error: plan.error ?? '' }) }));
    if (plan?.result) {
      parts.push(summary(plan), el('h4', { text: t('planner.proposal') }), proposal(ctx, plan, act),
        el('h4', { text: t('planner.unplaced') }), unplacedList(ctx, plan));
    }
    const accepted = acceptance(ctx, plan ?? {});
    if (accepted) parts.push(accepted);
    box.replaceChildren(...parts);
  };
  const plans = await api(`/plans?term=${encodeURIComponent(ctx.term)}`);
  const latest = plans.length ? plans.reduce((a, b) => (b.id > a.id ? b : a)) : null;
  draw(latest && ['queued', 'running'].includes(latest.status) ? await waitForPlan(latest.id, () => {}) : latest);
}
