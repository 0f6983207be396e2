import { DateTime } from 'luxon';
import type { Response } from 'supertest';
import { expectThat, InvariantError } from './failure.ts';
import { Model, MINUTE, type MActivity, type MClaim, type MOcc, type MReg } from './model.ts';
import type { Rng } from './prng.ts';
import { ZONE, type SimUnit, type World } from './world.ts';

/** The seeded actions of every actor, each sent through HTTP and its answer checked against the model. */
export interface Sim { w: World; m: Model; rng: Rng; now(): number; log(entry: string): void; emailSeq: number }

const KINDS = ['science_show', 'field_visit', 'club_session', 'exhibition'] as const;
const WEEKDAY = ['', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const ZONES = ['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Shanghai', 'Europe/London', 'America/Los_Angeles'];
const iso = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISO({ suppressMilliseconds: true })!;

/** No 5xx, ever: every answer passes through here. */
export function answered(res: Response, what: string): Response {
  expectThat(res.status < 500, 'no 5xx', () => `${what} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}
export function expectStatus(res: Response, expected: number[], what: string): void {
  expectThat(expected.includes(res.status), 'answer as the model predicts', () => `${what}: expected ${expected.join('/')}, got ${res.status} ${JSON.stringify(res.body)}`);
}
export function expectConflict(res: Response, fits: boolean, blocked: boolean, what: string): boolean {
  const codes = [...(fits ? [] : ['resource_conflict']), ...(blocked ? ['calendar_blocked'] : [])];
  if (codes.length === 0) return false;
  expectThat(res.status === 409 && codes.includes(res.body.code), 'answer as the model predicts', () => `${what}: expected 409 ${codes.join('/')}, got ${res.status} ${JSON.stringify(res.body)}`);
  return true;
}

/** A local daytime slot 1–35 days ahead, on the half hour. */
function slot(s: Sim): { start: DateTime; minutes: number } {
  const today = DateTime.fromMillis(s.now(), { zone: ZONE }).startOf('day');
  // A third of the bookings crowd into a few busy afternoons, so pools are shared by partly overlapping
  // bookings (where a pool's peak and the sum of its overlapping bookings differ).
  if (s.rng.chance(0.35)) {
    const start = today.plus({ days: s.rng.int(3, 6) }).set({ hour: 13, minute: 0 }).plus({ minutes: s.rng.pick([0, 30, 60, 90]) });
    return { start, minutes: s.rng.pick([60, 90]) };
  }
  const day = today.plus({ days: s.rng.int(1, 35) });
  const start = day.set({ hour: s.rng.int(8, 17), minute: s.rng.pick([0, 30]) });
  return { start, minutes: s.rng.pick([60, 90, 120]) };
}
const unitOf = (s: Sim, id: number): SimUnit => s.w.units.find((u) => u.id === id)!;
const upcoming = (a: MActivity, now: number) => a.occurrences.filter((o) => o.status === 'scheduled' && o.start > now + 60 * MINUTE);

export async function book(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const unit = rng.pick(w.units);
  const { start, minutes } = slot(s);
  const count = rng.chance(0.4) ? rng.int(3, 8) : 1;
  const venues = w.resources.filter((r) => r.kind === 'venue');
  const ownVenue = venues.find((r) => r.unitId === unit.id);
  const venue = rng.chance(0.8) ? (ownVenue && rng.chance(0.6) ? ownVenue : rng.pick(venues)) : null;
  const pools = w.resources.filter((r) => r.kind !== 'venue' && rng.chance(r.unitId === unit.id ? 0.4 : 0.15));
  const claims: MClaim[] = [
    ...(venue ? [{ id: 0, resourceId: venue.id, quantity: 1, setup: 0, teardown: 0, approval: 'not_needed' as const }] : []),
    ...pools.map((r) => ({ id: 0, resourceId: r.id, quantity: r.kind === 'staff' ? 1 : rng.int(1, Math.min(4, r.quantity)), setup: rng.pick([0, 15, 30]), teardown: rng.pick([0, 15, 30]), approval: 'not_needed' as const })),
  ];
  for (const c of claims) if (m.resources.get(c.resourceId)!.unitId !== unit.id) c.approval = 'pending';
  const occurrences: MOcc[] = Model.expandWeekly(start, minutes, count).map((o) => ({ id: 0, originalStart: o.start, start: o.start, end: o.end, status: 'scheduled' }));
  const kind = rng.pick(KINDS);
  const body = {
    kind, title: { 'zh-CN': `模拟活动 ${s.emailSeq}`, en: `Sim activity ${s.emailSeq++}` }, organizerUnitId: unit.id,
    venueId: venue?.id ?? null, startsAt: iso(occurrences[0]!.start), endsAt: iso(occurrences[0]!.end), timeZone: ZONE,
    status: 'confirmed', visibility: rng.chance(0.8) ? 'public' : 'internal', capacity: rng.int(1, 4),
    recurrenceRule: count > 1 ? `FREQ=WEEKLY;BYDAY=${WEEKDAY[start.weekday]};COUNT=${count}` : null,
    claims: claims.filter((c) => c.resourceId !== venue?.id).map((c) => ({ resourceId: c.resourceId, quantity: c.quantity, setupMinutes: c.setup, teardownMinutes: c.teardown })),
  };
  const what = `unit ${unit.key} books ${kind} ${body.startsAt} ×${count} venue=${venue?.key ?? '-'} claims=${JSON.stringify(body.claims)}`;
  const res = answered(await w.http().post('/api/v1/activities').set(unit.headers).send(body), what);
  if (expectConflict(res, m.fits(undefined, claims, occurrences), m.blocked(unit.id, claims, occurrences), what)) return `${what} → ${res.body.code}`;
  expectStatus(res, [201], what);
  const pending = claims.some((c) => c.approval === 'pending');
  const status = pending ? 'requested' : 'confirmed';
  expectThat(res.body.status === status, 'approval rule', () => `${what}: expected ${status}, got ${res.body.status}`);
  const stored = res.body.claims as { id: number; resourceId: number; approval: MClaim['approval'] }[];
  for (const c of claims) {
    const sc = stored.find((x) => x.resourceId === c.resourceId);
    expectThat(!!sc && sc.approval === c.approval, 'approval rule', () => `${what}: claim on ${c.resourceId} expected ${c.approval}, got ${JSON.stringify(sc)}`);
    c.id = sc!.id;
  }
  const occ = answered(await w.http().get(`/api/v1/activities/${res.body.id}/occurrences`).set(unit.headers), 'occurrences');
  const items = occ.body.items as { id: number; startsAt: string }[];
  expectThat(items.length === occurrences.length && items.every((o, i) => Date.parse(o.startsAt) === occurrences[i]!.start), 'series expand as the rule says',
    () => `${what}: expected ${occurrences.map((o) => iso(o.start)).join(',')}, got ${items.map((o) => o.startsAt).join(',')}`);
  items.forEach((o, i) => void (occurrences[i]!.id = o.id));
  const a: MActivity = {
    id: res.body.id, unitId: unit.id, kind, title: body.title.en, status, visibility: body.visibility as MActivity['visibility'], capacity: body.capacity,
    rule: body.recurrenceRule, occurrences, claims, holdExpiresAt: pending ? s.now() + 48 * 60 * MINUTE : null, cancelledAt: null, regs: [], everConfirmed: status === 'confirmed',
  };
  m.activities.set(a.id, a);
  return `${what} → #${a.id} ${status}`;
}

function pickActivity(s: Sim, filter: (a: MActivity) => boolean): MActivity | null {
  const list = [...s.m.activities.values()].filter(filter);
  return list.length ? s.rng.pick(list) : null;
}

/** Moves one upcoming occurrence of a series (or the one-off's time) by hours or days; sometimes onto its sibling. */
export async function move(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const a = pickActivity(s, (x) => Model.holds(x) && upcoming(x, s.now()).length > 0);
  if (!a) return 'move: nothing to move';
  const o = rng.pick(upcoming(a, s.now()));
  const siblings = a.occurrences.filter((x) => x !== o && x.status === 'scheduled' && x.start > s.now());
  const ontoSibling = a.rule !== null && siblings.length > 0 && rng.chance(0.15);
  const target = ontoSibling ? rng.pick(siblings) : null;
  const shift = target ? target.start - o.start : rng.pick([-2, -1, 1, 2, 24, 48, -24]) * 60 * MINUTE;
  const moved: MOcc = { ...o, start: o.start + shift, end: o.end + shift };
  if (moved.start <= s.now() + 30 * MINUTE) return 'move: would move into the past';
  const occurrences = a.occurrences.map((x) => (x === o ? moved : x));
  const unit = unitOf(s, a.unitId);
  const body = { startsAt: iso(moved.start), endsAt: iso(moved.end) };
  const path = a.rule ? `/api/v1/activities/${a.id}/occurrences/${o.id}` : `/api/v1/activities/${a.id}`;
  const what = `unit ${unit.key} moves #${a.id} occurrence ${o.id} ${iso(o.start)} → ${body.startsAt}${target ? ' (onto its sibling)' : ''}`;
  const res = answered(await w.http().patch(path).set(unit.headers).send(body), what);
  if (target) {
    expectThat([409, 422].includes(res.status), 'a series never has two occurrences at one time', () => `${what}: got ${res.status} ${JSON.stringify(res.body)}`);
    return `${what} → ${res.status} ${res.body.code}`;
  }
  if (expectConflict(res, m.fits(a.id, a.claims, occurrences), m.blocked(a.unitId, a.claims, [moved]), what)) return `${what} → ${res.body.code}`;
  expectStatus(res, [200], what);
  Object.assign(o, { start: moved.start, end: moved.end });
  m.replan(a, s.now());
  return `${what} → moved`;
}

/** Cancels or restores one occurrence of a series, or cancels a whole activity. */
export async function cancelOrRestore(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const a = pickActivity(s, (x) => Model.holds(x) && x.occurrences.some((o) => o.start > s.now() + 60 * MINUTE));
  if (!a) return 'cancel: nothing';
  const unit = unitOf(s, a.unitId);
  if (!a.rule || rng.chance(0.2)) {
    const what = `unit ${unit.key} cancels activity #${a.id}`;
    const res = answered(await w.http().patch(`/api/v1/activities/${a.id}`).set(unit.headers).send({ status: 'cancelled' }), what);
    expectStatus(res, [200], what);
    a.status = 'cancelled';
    a.cancelledAt = s.now();
    // A one-off's single occurrence is cancelled with it; a series keeps its occurrences' own states.
    if (!a.rule) a.occurrences[0]!.status = 'cancelled';
    m.replan(a, s.now());
    return what;
  }
  const o = rng.pick(a.occurrences.filter((x) => x.start > s.now() + 60 * MINUTE));
  const to = o.status === 'scheduled' ? 'cancelled' : 'scheduled';
  const what = `unit ${unit.key} sets #${a.id} occurrence ${o.id} ${iso(o.start)} ${to}`;
  const res = answered(await w.http().patch(`/api/v1/activities/${a.id}/occurrences/${o.id}`).set(unit.headers).send({ status: to }), what);
  if (to === 'scheduled') {
    const restored = { ...o, status: 'scheduled' as const };
    const occurrences = a.occurrences.map((x) => (x === o ? restored : x));
    if (expectConflict(res, m.fits(a.id, a.claims, occurrences), m.blocked(a.unitId, a.claims, [restored]), what)) return `${what} → ${res.body.code}`;
  }
  expectStatus(res, [200], what);
  o.status = to;
  m.replan(a, s.now());
  return what;
}

/** Splits a series without registrations at a later upcoming occurrence ("this and following"). */
export async function split(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const a = pickActivity(s, (x) => Model.holds(x) && x.rule !== null && x.regs.length === 0 && x.occurrences.slice(1).some((o) => o.originalStart > s.now() + 60 * MINUTE));
  if (!a) return 'split: nothing';
  const unit = unitOf(s, a.unitId);
  const at = rng.pick(a.occurrences.slice(1).filter((o) => o.originalStart > s.now() + 60 * MINUTE));
  const what = `unit ${unit.key} splits #${a.id} at occurrence ${at.id} ${iso(at.originalStart)}`;
  const res = answered(await w.http().post(`/api/v1/activities/${a.id}/split`).set(unit.headers).send({ occurrenceId: at.id }), what);
  const index = a.occurrences.indexOf(at);
  // A split re-expands the series and checks every booking again: calendar time blocked since refuses it.
  if (expectConflict(res, true, m.blocked(a.unitId, a.claims, a.occurrences.slice(index)), what)) return `${what} → ${res.body.code}`;
  expectStatus(res, [200, 201], what);
  const following = a.occurrences.slice(index);
  a.occurrences = a.occurrences.slice(0, index);
  const f = res.body.following;
  const occ = answered(await w.http().get(`/api/v1/activities/${f.id}/occurrences`).set(unit.headers), 'occurrences');
  const items = occ.body.items as { id: number; originalStartsAt: string; startsAt: string; status: MOcc['status'] }[];
  expectThat(items.length === following.length && items.every((o, i) => Date.parse(o.originalStartsAt) === following[i]!.originalStart && Date.parse(o.startsAt) === following[i]!.start && o.status === following[i]!.status),
    'a split continues the same occurrences', () => `${what}: expected ${following.map((o) => `${iso(o.start)} ${o.status}`).join(',')}, got ${items.map((o) => `${o.startsAt} ${o.status}`).join(',')}`);
  items.forEach((o, i) => void (following[i]!.id = o.id));
  const claims = (f.claims as { id: number; resourceId: number; quantity: number; setupMinutes: number; teardownMinutes: number; approval: MClaim['approval'] }[])
    .map((c) => ({ id: c.id, resourceId: c.resourceId, quantity: c.quantity, setup: c.setupMinutes, teardown: c.teardownMinutes, approval: c.approval }));
  for (const c of claims) {
    const old = a.claims.find((x) => x.resourceId === c.resourceId);
    expectThat(!!old && old.quantity === c.quantity && old.setup === c.setup && old.teardown === c.teardown, 'a split keeps the claims', () => `${what}: ${JSON.stringify(c)} vs ${JSON.stringify(old)}`);
  }
  expectThat(f.status === a.status, 'a split keeps the status', () => `${what}: following is ${f.status}, original ${a.status}`);
  m.activities.set(f.id, { ...a, id: f.id, rule: f.recurrenceRule, occurrences: following, claims, regs: [], holdExpiresAt: f.holdExpiresAt ? Date.parse(f.holdExpiresAt) : null });
  return `${what} → #${f.id}`;
}

/** Edits one field of an equipment claim (quantity, set-up or tear-down): a PATCH changes only that field. */
export async function editClaim(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const a = pickActivity(s, (x) => Model.holds(x) && x.claims.some((c) => m.resources.get(c.resourceId)!.quantity > 1) && x.occurrences.some((o) => o.start > s.now()));
  if (!a) return 'edit claim: nothing';
  const c = rng.pick(a.claims.filter((x) => m.resources.get(x.resourceId)!.quantity > 1));
  const field = rng.pick(['quantity', 'setupMinutes', 'teardownMinutes'] as const);
  const value = field === 'quantity' ? rng.int(1, m.resources.get(c.resourceId)!.quantity) : rng.pick([0, 15, 30, 45]);
  const intended: MClaim = { ...c, ...(field === 'quantity' ? { quantity: value } : field === 'setupMinutes' ? { setup: value } : { teardown: value }) };
  const unit = unitOf(s, a.unitId);
  const what = `unit ${unit.key} patches #${a.id} claim ${c.id} {${field}: ${value}} (was q${c.quantity} s${c.setup} t${c.teardown})`;
  const res = answered(await w.http().patch(`/api/v1/activities/${a.id}/claims/${c.id}`).set(unit.headers).send({ [field]: value }), what);
  const fitsWith = (x: MClaim) => m.fits(a.id, a.claims.map((y) => (y === c ? x : y)), a.occurrences);
  if (res.status === 409) {
    // A claim edit resizes its bookings, which are checked again: calendar time blocked since then refuses it too.
    // Past occurrences are history: only those that have not ended yet are checked again.
    const blocked = res.body.code === 'calendar_blocked' && m.blocked(a.unitId, a.claims, a.occurrences.filter((o) => o.end > s.now()));
    expectThat(blocked || !fitsWith(intended), 'answer as the model predicts', () => `${what}: refused although it fits: ${JSON.stringify(res.body)}`);
    return `${what} → 409`;
  }
  expectStatus(res, [200], what);
  type StoredClaim = { id: number; quantity: number; setupMinutes: number; teardownMinutes: number };
  const sc: StoredClaim = (res.body.claims as StoredClaim[] | undefined)?.find((x) => x.id === c.id) ?? res.body;
  const stored: MClaim = { ...c, quantity: sc.quantity, setup: sc.setupMinutes, teardown: sc.teardownMinutes };
  const same = (x: MClaim) => x.quantity === stored.quantity && x.setup === stored.setup && x.teardown === stored.teardown;
  if (!same(intended)) throw new InvariantError('PATCH changes only what was sent', `${what}: stored ${JSON.stringify(sc)}`);
  expectThat(fitsWith(stored), 'answer as the model predicts', () => `${what}: accepted although it does not fit`);
  Object.assign(c, stored);
  return `${what} → ok`;
}

/** A unit (or one of its resources) gets a holiday, exam week, closure or make-up working day. */
export async function calendarEntry(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const unit = rng.pick(w.units);
  const kind = rng.weighted({ holiday: 3, exam_week: 2, closure: 2, makeup_workday: 1 });
  const own = w.resources.filter((r) => r.unitId === unit.id);
  const resource = kind === 'closure' && rng.chance(0.5) ? rng.pick(own) : null;
  let start = DateTime.fromMillis(s.now(), { zone: ZONE }).startOf('day').plus({ days: rng.int(2, 40) });
  if (kind === 'makeup_workday') start = start.plus({ days: (6 - start.weekday + 7) % 7 });
  const days = kind === 'exam_week' ? 5 : kind === 'holiday' ? rng.int(1, 3) : 1;
  const end = start.plus({ days });
  const body = {
    kind, unitId: resource ? null : unit.id, resourceId: resource?.id ?? null, name: { 'zh-CN': `日历 ${kind}`, en: `Calendar ${kind}` },
    startsAt: start.toISO(), endsAt: end.toISO(), ...(kind === 'makeup_workday' ? { asWeekday: 'mon' } : {}),
  };
  const what = `unit ${unit.key} adds ${kind} ${start.toISODate()} +${days}d${resource ? ` on ${resource.key}` : ''}`;
  const res = answered(await w.http().post('/api/v1/calendar-entries').set(unit.headers).send(body), what);
  expectStatus(res, [201], what);
  m.entries.push({ kind, unitId: body.unitId, resourceId: body.resourceId, start: start.toMillis(), end: end.toMillis() });
  return what;
}

/** The owner unit looks at its queue (which must be what the model holds pending) and approves, declines, or waits. */
export async function decide(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const unit = rng.pick(w.units);
  const res = answered(await w.http().get('/api/v1/approvals').set(unit.headers), 'approvals');
  expectStatus(res, [200], 'approvals');
  const expected = [...m.activities.values()].filter((a) => a.status === 'requested')
    .flatMap((a) => a.claims.filter((c) => c.approval === 'pending' && m.resources.get(c.resourceId)!.unitId === unit.id).map((c) => c.id)).sort((x, y) => x - y);
  const queue = (res.body.items as { id: number; activityId: number }[]);
  const got = queue.map((i) => i.id).sort((x, y) => x - y);
  expectThat(JSON.stringify(got) === JSON.stringify(expected), 'the approval queue holds exactly the pending claims', () => `unit ${unit.key}: expected ${expected}, got ${got}`);
  if (queue.length === 0 || rng.chance(0.3)) return `unit ${unit.key} lets ${queue.length} holds wait`;
  const item = rng.pick(queue);
  const a = m.activities.get(item.activityId)!;
  const c = a.claims.find((x) => x.id === item.id)!;
  const decision = rng.chance(0.75) ? 'approve' : 'decline';
  const what = `unit ${unit.key} ${decision}s claim ${c.id} of #${a.id}`;
  const r = answered(await w.http().post(`/api/v1/activities/${a.id}/claims/${c.id}/${decision}`).set(unit.headers).send({}), what);
  expectStatus(r, [200], what);
  c.approval = decision === 'approve' ? 'approved' : 'declined';
  if (decision === 'decline') a.status = 'draft';
  else if (!a.claims.some((x) => x.approval === 'pending')) a.status = 'confirmed';
  if (a.status !== 'requested') a.holdExpiresAt = null;
  if (a.status === 'confirmed') a.everConfirmed = true;
  expectThat(r.body.status === a.status, 'approval rule', () => `${what}: expected ${a.status}, got ${r.body.status}`);
  m.replan(a, s.now());
  return `${what} → ${a.status}`;
}

/** A participant registers (sometimes again with the same address, sometimes for a closed activity). */
export async function register(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const a = pickActivity(s, (x) => x.occurrences.some((o) => o.end > s.now() - 7 * 1440 * MINUTE));
  if (!a) return 'register: nothing';
  const again = a.regs.filter((r) => r.status !== 'cancelled');
  const repeat = again.length > 0 && rng.chance(0.1) ? rng.pick(again) : null;
  const email = repeat?.email ?? `p${s.emailSeq++}@participants.example.org`;
  const zone = repeat?.zone ?? rng.pick(ZONES);
  const language = repeat?.language ?? (rng.chance(0.5) ? 'en' : 'zh-CN');
  const what = `${email} registers for #${a.id} (${a.status}, ${Model.confirmed(a).length}/${a.capacity}, ${Model.waitlist(a).length} waiting)`;
  const res = answered(await w.http().post(`/api/v1/activities/${a.id}/registrations`).send({ name: `P ${email.slice(0, 6)}`, email, role: 'student', language, timeZone: zone }), what);
  const now = s.now();
  if (!Model.open(a, now)) {
    expectThat(res.status === 409 && res.body.code === 'registration_closed', 'registrations are accepted exactly while the activity has an upcoming occurrence', () => `${what}: closed, got ${res.status} ${JSON.stringify(res.body)}`);
    return `${what} → closed`;
  }
  if (repeat) {
    expectStatus(res, [200], what);
    expectThat(res.body.id === repeat.id && res.body.status === repeat.status, 'one registration per email', () => `${what}: ${JSON.stringify(res.body)} vs ${JSON.stringify(repeat)}`);
    return `${what} → the same`;
  }
  expectStatus(res, [201], what);
  const full = Model.confirmed(a).length >= a.capacity;
  const reg: MReg = { id: res.body.id, email, zone, language, status: full ? 'waitlisted' : 'confirmed', reminders: true, order: m.nextOrder() };
  const position = full ? Model.waitlist(a).length + 1 : null;
  expectThat(res.body.status === reg.status && res.body.waitlistPosition === position, 'capacity and waitlist order', () => `${what}: expected ${reg.status} #${position}, got ${JSON.stringify(res.body)}`);
  a.regs.push(reg);
  m.replan(a, now);
  return `${what} → ${reg.status}${position ? ` #${position}` : ''}`;
}

/** A participant cancels through the signed link (the first in line moves up), or stops reminders. */
export async function leave(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const a = pickActivity(s, (x) => x.status !== 'cancelled' && x.regs.some((r) => r.status !== 'cancelled'));
  if (!a) return 'leave: nothing';
  const r = rng.pick(a.regs.filter((x) => x.status !== 'cancelled'));
  if (rng.chance(0.3) && r.reminders) {
    const what = `${r.email} stops reminders for #${a.id}`;
    const res = answered(await w.http().post(`/api/v1/registrations/${r.id}/unsubscribe?sig=${w.sign(r.id, 'unsubscribe')}`).send({}), what);
    expectStatus(res, [200, 204], what);
    r.reminders = false;
    m.replan(a, s.now());
    return what;
  }
  const what = `${r.email} (${r.status}) cancels registration ${r.id} for #${a.id}`;
  const res = answered(await w.http().post(`/api/v1/registrations/${r.id}/cancel?sig=${w.sign(r.id, 'manage')}`).send({}), what);
  expectStatus(res, [200], what);
  r.status = 'cancelled';
  const promoted = Model.open(a, s.now()) ? Model.promote(a) : [];
  m.replan(a, s.now());
  return `${what}${promoted.length ? ` → promoted ${promoted.map((p) => p.id)}` : ''}`;
}

/** The organizer raises the capacity: the waitlist moves up in order. */
export async function growCapacity(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const a = pickActivity(s, (x) => Model.open(x, s.now()) && Model.waitlist(x).length > 0);
  if (!a) return 'capacity: nothing';
  const unit = unitOf(s, a.unitId);
  const capacity = a.capacity + rng.int(1, 2);
  const what = `unit ${unit.key} raises #${a.id} capacity ${a.capacity} → ${capacity}`;
  const res = answered(await w.http().patch(`/api/v1/activities/${a.id}`).set(unit.headers).send({ capacity }), what);
  expectStatus(res, [200], what);
  a.capacity = capacity;
  const promoted = Model.promote(a);
  m.replan(a, s.now());
  return `${what} → promoted ${promoted.map((p) => p.id)}`;
}
