import { DateTime } from 'luxon';
import type { Queryable } from '../db/pool.ts';
import { busyOf, entriesOf, resourcesOf, selectAccepted } from './plans.load.queries.ts';
import { selectCommitments, selectUnitStaff } from '../commitments/commitments.queries.ts';
import type { Commitment } from '../commitments/commitments.schema.ts';
import { selectClassBusy, selectClassEntries, selectClassesByIds } from '../classes/classes.queries.ts';
import type { KeptItem, PlanCommitment, PlanInput, PlanNeed } from './model/types.ts';

/**
 * Reads what a term's plan depends on — its commitments, their classes and resources, the calendars,
 * the existing bookings — into the pure model's input. The term is the span of its commitments' windows.
 */
export interface Loaded {
  input: PlanInput;
  commitments: Commitment[];
}

async function needsOf(db: Queryable, c: Commitment): Promise<PlanNeed[]> {
  const out: PlanNeed[] = c.venueId ? [{ options: [c.venueId], quantity: 1, setupMinutes: 0, teardownMinutes: 0 }] : [];
  for (const n of c.needs) {
    const options = n.resourceId !== undefined ? [n.resourceId] : n.anyOf ? [...n.anyOf].sort((a, b) => a - b) : await selectUnitStaff(db, n.staffOfUnit!, n.category ?? null);
    out.push({ options, quantity: n.quantity, setupMinutes: n.setupMinutes, teardownMinutes: n.teardownMinutes });
  }
  return out;
}

export async function toPlanCommitment(db: Queryable, c: Commitment): Promise<PlanCommitment> {
  return {
    id: c.id, organizerUnitId: c.organizerUnitId, kind: c.kind, title: c.title, classIds: c.classIds, perClass: c.perClass,
    count: c.count ?? null, cadence: c.cadence ?? null, durationMinutes: c.durationMinutes ?? null, allDayDays: c.allDayDays ?? null,
    needs: await needsOf(db, c), window: c.window, spacing: c.spacing, preferences: c.preferences,
  };
}

/**
 * Nothing before the next local day is planned: past weeks never (issue 25 item 2), and not today
 * either — a class visit cannot be booked for the next hour, and a plan takes a while to accept.
 */
export function firstPlannableDay(now: number, zone: string): number {
  return DateTime.fromMillis(now, { zone }).plus({ days: 1 }).startOf('day').toMillis();
}

export async function loadPlanInput(db: Queryable, term: string, pinned: KeptItem[], stepMinutes: number, now?: number, zone = 'Asia/Shanghai'): Promise<Loaded> {
  const commitments = await selectCommitments(db, term);
  const planCommitments = await Promise.all(commitments.map((c) => toPlanCommitment(db, c)));
  const startsOn = commitments.map((c) => c.window.startsOn).sort()[0] ?? DateTime.now().setZone(zone).toISODate()!;
  const endsOn = commitments.map((c) => c.window.endsOn).sort().at(-1) ?? startsOn;
  const from = DateTime.fromISO(startsOn, { zone }).minus({ days: 1 }).toUTC().toISO()!;
  const to = DateTime.fromISO(endsOn, { zone }).plus({ days: 62 }).toUTC().toISO()!;
  const resourceIds = [...new Set(planCommitments.flatMap((c) => c.needs.flatMap((n) => n.options)))].sort((a, b) => a - b);
  const classIds = [...new Set(commitments.flatMap((c) => c.classIds))].sort((a, b) => a - b);
  const classes = await selectClassesByIds(db, classIds);
  const unitIds = [...new Set(classes.map((c) => c.unitId))];
  const accepted = await selectAccepted(db, term);
  const input: PlanInput = {
    zone, term: { startsOn, endsOn }, stepMinutes, commitments: planCommitments, ...(now === undefined ? {} : { notBefore: firstPlannableDay(now, zone) }),
    resources: await resourcesOf(db, resourceIds),
    classes: classes.map((c) => ({ id: c.id, unitId: c.unitId, grade: c.grade, name: c.name })),
    calendarEntries: await entriesOf(db, from, to),
    // Timed entries outside the planning window are dropped: a subscribed timetable holds a year of lessons.
    classEntries: (await selectClassEntries(db, unitIds)).filter((e) => e.startsAt === null || (Date.parse(e.endsAt!) > Date.parse(from) && Date.parse(e.startsAt) < Date.parse(to))).map((e) => ({
      id: e.id, kind: e.kind, unitId: e.unitId, classId: e.classId, grade: e.grade, name: e.name,
      start: e.startsAt ? Date.parse(e.startsAt) : null, end: e.endsAt ? Date.parse(e.endsAt) : null, weekday: e.weekday, from: e.from, to: e.to,
    })),
    busy: await busyOf(db, resourceIds, from, to),
    classBusy: (await selectClassBusy(db, classIds, from, to)).map((b) => ({ classId: b.classId, start: Date.parse(b.startsAt), end: Date.parse(b.endsAt), label: `activity ${b.activityId}` })),
    kept: [
      ...accepted.map((a) => ({ key: a.key, start: Date.parse(a.startsAt), resourceIds: a.resourceIds, accepted: true })),
      ...pinned.filter((p) => !accepted.some((a) => a.key === p.key)),
    ],
  };
  return { input, commitments };
}
