import { DateTime } from 'luxon';
import type { Pool } from '../db/pool.ts';
import { systemActor } from '../shared/actor.ts';
import { calendarsService } from '../calendars/calendars.service.ts';
import type { CalendarEntryCreate } from '../calendars/calendars.schema.ts';
import { calendarEntryExists } from './seed.queries.ts';

/**
 * Beijing School's calendar in the demo year: the National Day holiday (1–7 October), the make-up
 * working day that follows it (the first Saturday after, kept like a Monday), and the mid-term exam
 * week. The museum's closed Mondays are in its hall's opening hours. Idempotent by kind, unit, name and start.
 */
export async function seedDemoCalendar(pool: Pool, schoolId: number, yearStart: DateTime): Promise<number> {
  const zone = yearStart.zoneName!;
  const october = yearStart.set({ month: 10, day: 1 });
  let makeup = october.plus({ days: 7 });
  while (makeup.weekday !== 6) makeup = makeup.plus({ days: 1 });
  const date = (d: DateTime) => d.toISODate()!;
  const entries: CalendarEntryCreate[] = [
    { kind: 'holiday', unitId: schoolId, name: { 'zh-CN': '国庆节', en: 'National Day holiday' }, startsOn: date(october), endsOn: date(october.plus({ days: 6 })), timeZone: zone },
    { kind: 'makeup_workday', unitId: schoolId, name: { 'zh-CN': '国庆调休上班', en: 'Make-up working day after National Day' }, startsOn: date(makeup), endsOn: date(makeup), timeZone: zone, asWeekday: 'mon' },
    { kind: 'exam_week', unitId: schoolId, name: { 'zh-CN': '期中考试周', en: 'Mid-term exam week' }, startsOn: date(yearStart.plus({ days: 63 })), endsOn: date(yearStart.plus({ days: 67 })), timeZone: zone },
    { kind: 'term', unitId: schoolId, name: { 'zh-CN': '秋季学期', en: 'Autumn term' }, startsOn: date(yearStart), endsOn: date(yearStart.plus({ months: 4, days: 20 })), timeZone: zone },
  ];
  const calendars = calendarsService(pool);
  let created = 0;
  for (const e of entries) {
    if (await calendarEntryExists(pool, { kind: e.kind, unitId: schoolId, nameEn: e.name.en, startsAt: DateTime.fromISO(e.startsOn!, { zone }).toISO() })) continue;
    await calendars.create(systemActor, e);
    created++;
  }
  return created;
}
