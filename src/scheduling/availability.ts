import { DateTime } from 'luxon';
import type { Queryable } from '../db/pool.ts';
import { ValidationError } from '../shared/errors.ts';
import { WEEKDAYS } from '../shared/types.ts';
import { appliesToResource, appliesToUnit, BLOCKING_KINDS, openWindows, type CalendarEntry } from '../calendars/blocking.ts';
import { selectRelevantEntries, selectResourceHours } from '../calendars/calendars.queries.ts';
import { selectBusy, selectEquipmentOfCategory, selectResourcesByIds, type SearchResourceRow } from './scheduling.queries.ts';
import type { AvailabilitySearch } from './scheduling.schema.ts';
import type { CalendarBlock, Requirement, SolverInput, SolverResource } from './solver/solver.ts';

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function toBlock(e: CalendarEntry): CalendarBlock {
  return { start: e.startsAt.toMillis(), end: e.endsAt.toMillis(), kind: e.kind, entryId: e.id, reason: e.name };
}

/** Turns the request into requirements, checking that every named resource exists and fits. */
async function requirementsOf(db: Queryable, input: AvailabilitySearch): Promise<{ requirements: Requirement[]; rows: SearchResourceRow[] }> {
  const named = [...input.resources.map((r) => r.resourceId), ...(input.venueChoices?.resourceIds ?? [])];
  const rows = await selectResourcesByIds(db, named);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const issues = named.filter((id) => !byId.has(id)).map((id) => ({ path: 'body.resources', message: `resource ${id} does not exist` }));
  for (const id of input.venueChoices?.resourceIds ?? []) if (byId.get(id) && byId.get(id)!.kind !== 'venue') issues.push({ path: 'body.venueChoices', message: `resource ${id} is not a venue` });
  const requirements: Requirement[] = input.resources.map((r) => ({ label: `resource ${r.resourceId}`, options: [r.resourceId], quantity: r.quantity, mode: 'one', setupMinutes: r.setupMinutes, teardownMinutes: r.teardownMinutes }));
  for (const e of input.equipment) {
    const pools = await selectEquipmentOfCategory(db, e.category);
    if (pools.length === 0) issues.push({ path: 'body.equipment', message: `no equipment of category ${e.category}` });
    rows.push(...pools.filter((p) => !byId.has(p.id)));
    pools.forEach((p) => byId.set(p.id, p));
    requirements.push({ label: `${e.quantity} × ${e.category}`, options: pools.map((p) => p.id), quantity: e.quantity, mode: 'spread', setupMinutes: e.setupMinutes, teardownMinutes: e.teardownMinutes });
  }
  if (input.venueChoices) {
    const v = input.venueChoices;
    requirements.push({ label: 'venue', options: v.resourceIds, quantity: 1, mode: 'one', setupMinutes: v.setupMinutes, teardownMinutes: v.teardownMinutes });
  }
  if (issues.length > 0) throw new ValidationError('Invalid search', issues);
  return { requirements, rows };
}

/** Feeds the pure solver: resources with their bookings, opening hours and calendars over the window. */
export async function solverInput(db: Queryable, input: AvailabilitySearch): Promise<SolverInput> {
  const from = DateTime.fromISO(input.from, { zone: input.timeZone }).startOf('day');
  const to = DateTime.fromISO(input.to, { zone: input.timeZone }).plus({ days: 1 }).startOf('day');
  const { requirements, rows } = await requirementsOf(db, input);
  const ids = rows.map((r) => r.id);
  const margin = Math.max(0, ...requirements.flatMap((r) => [r.setupMinutes, r.teardownMinutes]));
  const [busy, hours, entries] = [
    await selectBusy(db, ids, from.minus({ minutes: margin }).toUTC().toISO()!, to.plus({ minutes: margin }).toUTC().toISO()!),
    await selectResourceHours(db, ids),
    await selectRelevantEntries(db, input.unitIds, ids, from.toUTC().toISO()!, to.toUTC().toISO()!),
  ];
  const blocking = entries.filter((e) => BLOCKING_KINDS.includes(e.kind));
  const resources = new Map<number, SolverResource>();
  for (const h of hours) {
    resources.set(h.id, {
      id: h.id,
      quantity: rows.find((r) => r.id === h.id)!.quantity,
      busy: busy.filter((b) => b.resourceId === h.id).map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end), quantity: b.quantity, activityId: b.activityId })),
      open: openWindows(h, from, to, entries),
      blocks: blocking.filter((e) => appliesToResource(e, h)).map(toBlock),
    });
  }
  return {
    zone: input.timeZone, from, to, durationMinutes: input.durationMinutes, stepMinutes: input.stepMinutes,
    weekdays: input.weekdays.map((d) => WEEKDAYS.indexOf(d) + 1),
    dayStartMinute: minutesOf(input.hours.from), dayEndMinute: minutesOf(input.hours.to),
    requirements, resources,
    unitBlocks: blocking.filter((e) => input.unitIds.some((u) => appliesToUnit(e, u))).map(toBlock),
    limit: input.limit,
  };
}
