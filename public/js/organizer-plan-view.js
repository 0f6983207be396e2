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

function summary(plan) {
  const s = plan.result?.stats ?? {};
  const gap = typeof s.gap === 'number' ? `${(s.gap * 100).toFixed(2)} %` : '—';
  return el('p', { id: 'plan-summary', role: 'status' },
    t('planner.summary', { placed: s.placed ?? 0, total: s.occurrences ?? 0, unplaced: s.unplaced ?? 0, gap }),
    plan.status === 'accepted' ? ` ${t('planner.acceptedNote')}` : '',
    plan.status === 'accepting' ? ` ${t('planner.acceptingNote', { done: plan.acceptance?.length ?? 0, total: plan.result?.items.length ?? 0 })}` : '');
}

function itemRow(ctx, plan, item, act) {
  const zone = zoneOf(ctx, item.commitmentId);
  const pinned = plan.pinned.some((p) => p.key === item.key);
  const approvals = [...new Set(item.approvals.map((a) => nameOf(ctx.resources, a.resourceId)))];
  const pin = el('button', { type: 'button', class: 'secondary', 'data-pin': item.key, 'aria-pressed': String(pinned),
    text: pinned ? t('planner.unpin') : t('planner.pin'), 'aria-label': t(pinned ? 'planner.unpinOne' : 'planner.pinOne', { title: titleOf(ctx, item) }) });
  pin.disabled = plan.status === 'accepted' || plan.status === 'accepting' || item.accepted;
  pin.addEventListener('click', () => act(pinned ? api(`/plans/${plan.id}/pins/${encodeURIComponent(item.key)}`, { method: 'DELETE' })
    : api(`/plans/${plan.id}/pins`, { method: 'POST', body: { key: item.key } })));
  return el('li', { class: `plan-item${pinned ? ' pinned' : ''}`, 'data-item': item.key },
    el('span', { class: 'when', text: formatRange(item.start, item.end, zone, false) }), ' ',
    el('strong', { text: titleOf(ctx, item) }), item.classIds.length ? ` · ${classNames(ctx, item.classIds)}` : '',
    el('br'), el('span', { class: 'hint', text: item.resourceIds.map((id) => nameOf(ctx.resources, id)).join(t('planner.join')) }),
    approvals.length ? el('span', { class: 'badge status-requested', text: t('planner.needsApproval', { resources: approvals.join(t('planner.join')) }) }) : null,
    pinned ? el('span', { class: 'badge', text: t('planner.pinned') }) : null, ' ', pin);
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

/**
 * A reason in the page's language: the server words it in English; in Chinese it is worded here from
 * its data (`relaxation`) where the data says enough, else the English words are shown.
 */
function reasonText(ctx, r) {
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

function acceptance(ctx, plan) {
  if (!plan.acceptance) return null;
  const title = (key) => { const item = plan.result?.items.find((i) => i.key === key); return item ? titleOf(ctx, item) : key; };
  return el('section', { id: 'plan-acceptance' }, el('h4', { text: t('planner.acceptance') }), el('ul', {}, plan.acceptance.map((a) => el('li', { 'data-outcome': a.outcome },
    `${title(a.key)}: ${t(`planner.outcome.${a.outcome}`)}`, a.status ? ` (${t(`status.${a.status}`)})` : '', a.message ? ` — ${a.message}` : '',
    a.activityId ? el('a', { href: `/activities/${a.activityId}`, text: ` #${a.activityId}` }) : null))));
}

function controls(box, ctx, plan, redraw) {
  const status = el('p', { id: 'plan-status', role: 'status', 'aria-live': 'polite' });
  const run = async (action) => {
    for (const b of box.querySelectorAll('button')) b.disabled = true;
    try {
      const started = await action;
      status.textContent = t('planner.running');
      redraw(started && ['queued', 'running'].includes(started.status)
        ? await waitForPlan(started.id, (p) => { status.textContent = t('planner.progress', { phase: p.progress.phase ?? '…', seconds: Math.round(p.progress.seconds ?? 0) }); })
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
