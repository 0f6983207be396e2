import { DateTime } from 'luxon';
import { answered, expectConflict, expectStatus, type Sim } from './actions.ts';
import { expectThat } from './failure.ts';
import { Model, MINUTE, type MActivity, type MClaim, type MOcc } from './model.ts';
import { ZONE } from './world.ts';

/**
 * An organizer books a pool into the gap between two of its bookings: a claim that overlaps the end of
 * one and the start of the next, which do not overlap each other. Its quantity fits the pool's PEAK
 * use but not the SUM of the bookings it overlaps, so a pool counted by sum refuses what the rules
 * accept (and one counted by peak is checked at its edge).
 */
const iso = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toISO({ suppressMilliseconds: true })!;
type Period = { start: number; end: number; quantity: number; activityId: number };

function gapBetween(s: Sim, resourceId: number, cap: number): { start: number; end: number; quantity: number; overlapped: number } | null {
  const busy = s.m.busy(resourceId).sort((x, y) => x.start - y.start);
  const soon = s.now() + 90 * MINUTE;
  const candidates: { start: number; end: number; quantity: number; overlapped: number }[] = [];
  for (const p1 of busy) for (const p2 of busy) {
    if (p2.start < p1.end || p2.start - p1.end > 4 * 60 * MINUTE) continue;
    const start = p1.end - 30 * MINUTE;
    const end = p2.start + 30 * MINUTE;
    if (start <= Math.max(p1.start, soon) || end >= p2.end) continue;
    const inside = busy.filter((p: Period) => p.start < end && p.end > start);
    const quantity = cap - Model.peak(inside, start, end);
    const overlapped = inside.reduce((n, p) => n + p.quantity, 0);
    // Only where peak and sum disagree: the sum says it does not fit.
    if (quantity >= 1 && overlapped + quantity > cap) candidates.push({ start, end, quantity, overlapped });
  }
  return candidates.length ? s.rng.pick(candidates) : null;
}

export async function bookIntoGap(s: Sim): Promise<string> {
  const { w, m, rng } = s;
  const found = w.resources.filter((r) => r.kind === 'equipment').map((r) => ({ r, gap: gapBetween(s, r.id, r.quantity) })).filter((x) => x.gap !== null);
  if (found.length === 0) return 'gap: none on any pool';
  const { r, gap } = rng.pick(found) as { r: (typeof found)[number]['r']; gap: NonNullable<(typeof found)[number]['gap']> };
  const unit = w.units.find((u) => u.id === r.unitId)!;
  const claims: MClaim[] = [{ id: 0, resourceId: r.id, quantity: gap.quantity, setup: 0, teardown: 0, approval: 'not_needed' }];
  const occurrences: MOcc[] = [{ id: 0, originalStart: gap.start, start: gap.start, end: gap.end, status: 'scheduled' }];
  const body = {
    kind: 'science_show', title: { 'zh-CN': `模拟活动 ${s.emailSeq}`, en: `Sim activity ${s.emailSeq++}` }, organizerUnitId: unit.id,
    venueId: null, startsAt: iso(gap.start), endsAt: iso(gap.end), timeZone: ZONE, status: 'confirmed',
    visibility: rng.chance(0.5) ? 'public' : 'internal', capacity: rng.int(1, 3), recurrenceRule: null,
    claims: [{ resourceId: r.id, quantity: gap.quantity, setupMinutes: 0, teardownMinutes: 0 }],
  };
  const what = `unit ${unit.key} books ${r.key} ×${gap.quantity} into a gap ${body.startsAt}–${iso(gap.end)} (overlapping bookings sum to ${gap.overlapped} of ${r.quantity})`;
  const res = answered(await w.http().post('/api/v1/activities').set(unit.headers).send(body), what);
  if (expectConflict(res, m.fits(undefined, claims, occurrences), m.blocked(unit.id, claims, occurrences), what)) return `${what} → ${res.body.code}`;
  expectStatus(res, [201], what);
  expectThat(res.body.status === 'confirmed', 'approval rule', () => `${what}: expected confirmed, got ${res.body.status}`);
  claims[0]!.id = (res.body.claims as { id: number }[])[0]!.id;
  const occ = answered(await w.http().get(`/api/v1/activities/${res.body.id}/occurrences`).set(unit.headers), 'occurrences');
  occurrences[0]!.id = (occ.body.items as { id: number }[])[0]!.id;
  const a: MActivity = {
    id: res.body.id, unitId: unit.id, kind: body.kind, title: body.title.en, status: 'confirmed', visibility: body.visibility as MActivity['visibility'],
    capacity: body.capacity, rule: null, occurrences, claims, holdExpiresAt: null, cancelledAt: null, regs: [], everConfirmed: true,
  };
  m.activities.set(a.id, a);
  return `${what} → #${a.id}`;
}
