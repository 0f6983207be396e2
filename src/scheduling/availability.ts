import { DateTime } from 'luxon';
import type { Queryable } from '../db/pool.ts';
import { ValidationError, type FieldIssue } from '../shared/errors.ts';
import { poolShortfall } from '../resources/pool.ts';
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

/**
 * Turns the request into requirements, checking that every named resource exists and that no
 * requirement asks more than its pools hold: the same 422 booking gives (resources/pool.ts), not an
 * empty answer that no day could ever change.
 */
async function requirementsOf(db: Queryable, input: AvailabilitySearch): Promise<{ requirements: Requirement[]; rows: SearchResourceRow[] }> {
  const venues = input.venueChoices?.resourceIds ?? [];
  const rows = await selectResourcesByIds(db, [...input.resources.map((r) => r.resourceId), ...venues]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const issues: FieldIssue[] = [];
  input.resources.forEach((r, i) => {
    const row = byId.get(r.resourceId);
    const shortfall = row && poolShortfall(r.quantity, [row.quantity]);
    if (!row) issues.push({ path: `body.resources.${i}.resourceId`, message: `resource ${r.resourceId} does not exist` });
    else if (shortfall) issues.push({ path: `body.resources.${i}.quantity`, message: shortfall });
  });
  venues.forEach((id, j) => {
    const path = `body.venueChoices.resourceIds.${j}`;
    if (!byId.has(id)) issues.push({ path, message: `resource ${id} does not exist` });
    else if (byId.get(id)!.kind !== 'venue') issues.push({ path, message: `resource ${id} is not a venue` });
  });
  const requirements: Requirement[] = input.resources.map((r) => ({ label: `resource ${r.resourceId}`, options: [r.resourceId], quantity: r.quantity, mode: 'one', setupMinutes: r.setupMinutes, teardownMinutes: r.teardownMinutes }));
  for (const [k, e] of input.equipment.entries()) {
    const pools = await selectEquipmentOfCategory(db, e.category);
    const shortfall = pools.length > 0 && poolShortfall(e.quantity, pools.map((p) => p.quantity));
    if (pools.length === 0) issues.push({ path: `body.equipment.${k}.category`, message: `no equipment of category ${e.category}` });
    else if (shortfall) issues.push({ path: `body.equipment.${k}.quantity`, message: shortfall });
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
