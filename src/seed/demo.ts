import { DateTime } from 'luxon';
import { withTransaction, type Pool } from '../db/pool.ts';
import { systemActor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { unitsService } from '../units/units.service.ts';
import { seedDemoItems } from './demo-items.ts';
import { resourcesService } from '../resources/resources.service.ts';
import { activitiesService } from '../activities/activities.service.ts';
import { seedDemoUsers } from './demo-users.ts';
import { demoActivities, demoResources, demoUnits, type DemoActivity } from './demo.data.ts';
import { seedDemoCalendar } from './demo-calendar.ts';
import { seedDemoTerm } from './demo-term.ts';
import { approvalsService } from '../booking/approvals.service.ts';
import { WEEKDAYS } from '../shared/types.ts';
import { activityExists, anyUnitExists, selectResourceIdByName } from './seed.queries.ts';
import { selectUnitIdBySlug } from '../units/units.queries.ts';
import { autumnTerm, demoTerm, schoolYearStart } from './demo-terms.ts';

const ZONE = 'Asia/Shanghai';
export { schoolYearStart, demoTerm, autumnTerm, type DemoTerm } from './demo-terms.ts';

export async function hasAnyUnit(pool: Pool): Promise<boolean> {
  return anyUnitExists(pool);
}

function times(a: DemoActivity, yearStart: DateTime): { startsAt: string; endsAt: string; allDay: boolean } {
  let date = yearStart.plus({ days: a.day });
  // In another year the same offset may fall on a day the venue is closed: take its next open day.
  const hours = demoResources.find((r) => r.key === a.venue)?.openingHours;
  for (let i = 0; hours && !a.allDayDays && i < 6 && !hours[WEEKDAYS[date.weekday - 1]!]; i++) date = date.plus({ days: 1 });
  if (a.allDayDays) {
    return { startsAt: date.toISO()!, endsAt: date.plus({ days: a.allDayDays }).toISO()!, allDay: true };
  }
  const at = (hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number);
    return date.set({ hour: hour!, minute: minute! }).toISO()!;
  };
  return { startsAt: at(a.start), endsAt: at(a.end), allDay: false };
}

/**
 * Loads the demo programme through the same services the API uses. Idempotent: units are found
 * by slug, resources by unit and English name, activities by organizer, English title and start.
 */
export async function seedDemo(pool: Pool, clock: Clock): Promise<{ units: number; resources: number; activities: number; created: number }> {
  const units = unitsService(pool);
  const resources = resourcesService(pool);
  const booking = { clock, holdExpiryHours: 72 };
  const activities = activitiesService(pool, undefined, booking);
  const approvals = approvalsService(pool, undefined, booking);
  let created = 0;

  const unitIds = new Map<string, number>();
  for (const u of demoUnits) {
    let id = await selectUnitIdBySlug(pool, u.slug);
    if (id === undefined) {
      const parentId = u.parent ? unitIds.get(u.parent) : undefined;
      id = (await units.create(systemActor, { slug: u.slug, kind: u.kind, name: { 'zh-CN': u.zh, en: u.en }, parentId, timeZone: ZONE, pupilsPerAdultPrimary: 6, pupilsPerAdultSecondary: 10 })).id;
      created++;
    }
    unitIds.set(u.slug, id);
  }

  const resourceIds = new Map<string, number>();
  for (const r of demoResources) {
    const unitId = unitIds.get(r.unit)!;
    let id = await selectResourceIdByName(pool, unitId, r.en);
    if (id === undefined) {
      id = (await resources.create(systemActor, {
        unitId, kind: r.kind, category: r.category ?? null, name: { 'zh-CN': r.zh, en: r.en },
        description: '', ...(r.place ? { place: { 'zh-CN': r.place.zh, en: r.place.en } } : {}), quantity: r.quantity ?? 1, openingHours: r.openingHours ?? null,
      })).id;
      created++;
    }
    resourceIds.set(r.key, id);
  }

  created += await seedDemoUsers(pool, unitIds);
  created += await seedDemoItems(pool, clock, resourceIds, new Map(demoResources.map((r) => [r.key, r.quantity ?? 1])));

  const yearStart = schoolYearStart(clock.now());
  const term = demoTerm(clock.now());
  // The programme's autumn and the demo term (the same one from September to January).
  for (const t of term.code === autumnTerm(yearStart).code ? [term] : [autumnTerm(yearStart), term]) {
    created += await seedDemoCalendar(pool, unitIds.get('beijing-school')!, t);
  }
  for (const a of demoActivities) {
    const organizerUnitId = unitIds.get(a.organizer)!;
    const when = times(a, yearStart);
    if (await activityExists(pool, organizerUnitId, a.en, when.startsAt)) continue;
    // One unit of work: a confirmed demo activity was agreed with the units lending their resources,
    // so it is created and its claims approved in one transaction (never seen half-agreed).
    await withTransaction(pool, async (tx) => {
      const activity = await activities.create(systemActor, {
        kind: a.kind, title: { 'zh-CN': a.zh, en: a.en }, description: { 'zh-CN': a.descriptionZh, en: a.descriptionEn },
        organizerUnitId, venueId: a.venue ? resourceIds.get(a.venue)! : null, ...when, timeZone: ZONE,
        status: a.status, visibility: 'public', capacity: a.capacity ?? null, audienceGrades: a.grades,
        languages: a.languages ?? ['zh-CN'],
        claims: (a.claims ?? []).map((c) => ({ resourceId: resourceIds.get(c.resource)!, quantity: c.quantity, setupMinutes: c.setupMinutes ?? 0, teardownMinutes: c.teardownMinutes ?? 0 })),
        recurrenceRule: a.recurrenceRule ?? null,
      }, tx);
      if (a.status !== 'confirmed') return;
      for (const claim of activity.claims.filter((c) => c.approval === 'pending')) await approvals.approve(systemActor, activity.id, claim.id, 'agreed in the cooperation agreement', tx);
    });
    created++;
  }
  created += await seedDemoTerm(pool, term, unitIds, resourceIds);
  return { units: unitIds.size, resources: resourceIds.size, activities: demoActivities.length, created };
}
