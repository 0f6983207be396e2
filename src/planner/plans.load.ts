import { DateTime } from 'luxon';
import type { Queryable } from '../db/pool.ts';
import { toEntry, type CalendarEntryRow } from '../calendars/calendars.queries.ts';
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

async function resourcesOf(db: Queryable, ids: number[]) {
  const { rows } = await db.query<{ id: number; unitId: number; kind: 'venue' | 'staff' | 'equipment'; quantity: number; name: { 'zh-CN': string; en: string }; zone: string; openingHours: Record<string, [string, string][]> | null }>(
    `SELECT r.id, r.unit_id AS "unitId", r.kind, r.quantity, json_build_object('zh-CN', r.name_zh, 'en', r.name_en) AS name,
            u.time_zone AS zone, r.opening_hours AS "openingHours"
       FROM resources r JOIN units u ON u.id = r.unit_id WHERE r.id = ANY ($1::bigint[]) ORDER BY r.id`, [ids]);
  return rows.map((r) => ({ id: r.id, unitId: r.unitId, kind: r.kind, quantity: r.quantity, name: r.name, hours: { id: r.id, unitId: r.unitId, zone: r.zone, openingHours: r.openingHours } }));
}

/** Active bookings of these resources in the term, labelled by activity id only (a plan's reader may not see every title). */
async function busyOf(db: Queryable, ids: number[], from: string, to: string) {
  const { rows } = await db.query<{ resourceId: number; startsAt: string; endsAt: string; quantity: number; label: string }>(
    `SELECT b.resource_id AS "resourceId", to_json(lower(b.period))#>>'{}' AS "startsAt", to_json(upper(b.period))#>>'{}' AS "endsAt",
            b.quantity, 'activity ' || b.activity_id AS label
       FROM bookings b
      WHERE b.active AND b.resource_id = ANY ($1::bigint[]) AND b.period && tstzrange($2::timestamptz, $3::timestamptz)
      ORDER BY b.resource_id, lower(b.period), b.activity_id`, [ids, from, to]);
  return rows.map((r) => ({ resourceId: r.resourceId, start: Date.parse(r.startsAt), end: Date.parse(r.endsAt), quantity: r.quantity, label: r.label }));
}

async function entriesOf(db: Queryable, from: string, to: string) {
  const { rows } = await db.query<CalendarEntryRow>(
    `SELECT id, kind, unit_id AS "unitId", resource_id AS "resourceId", json_build_object('zh-CN', name_zh, 'en', name_en) AS name,
            to_json(lower(period))#>>'{}' AS "startsAt", to_json(upper(period))#>>'{}' AS "endsAt",
            all_day AS "allDay", time_zone AS "timeZone", as_weekday AS "asWeekday", to_json(created_at)#>>'{}' AS "createdAt"
       FROM calendar_entries WHERE kind <> 'term' AND period && tstzrange($1::timestamptz, $2::timestamptz) ORDER BY id`, [from, to]);
  return rows.map(toEntry);
}

/** Accepted items of the term (booked, kept where they are) by item key. */
export async function selectAccepted(db: Queryable, term: string) {
  const { rows } = await db.query<{ key: string; activityId: number; startsAt: string; resourceIds: number[] }>(
    `SELECT pb.item_key AS key, pb.activity_id AS "activityId", to_json(pb.starts_at)#>>'{}' AS "startsAt",
            coalesce((SELECT array_agg(c.resource_id ORDER BY c.resource_id) FROM claims c WHERE c.activity_id = pb.activity_id), '{}') AS "resourceIds"
       FROM plan_bookings pb JOIN plans p ON p.id = pb.plan_id JOIN activities a ON a.id = pb.activity_id
      WHERE p.term = $1::text AND a.status <> 'cancelled' ORDER BY pb.item_key`, [term]);
  return rows;
}

export async function loadPlanInput(db: Queryable, term: string, pinned: KeptItem[], zone = 'Asia/Shanghai', stepMinutes = 30): Promise<Loaded> {
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
    zone, term: { startsOn, endsOn }, stepMinutes, commitments: planCommitments,
    resources: await resourcesOf(db, resourceIds),
    classes: classes.map((c) => ({ id: c.id, unitId: c.unitId, grade: c.grade, name: c.name })),
    calendarEntries: await entriesOf(db, from, to),
    classEntries: (await selectClassEntries(db, unitIds)).map((e) => ({
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
