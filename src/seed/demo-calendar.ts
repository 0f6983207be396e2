import { DateTime } from 'luxon';
import type { Pool } from '../db/pool.ts';
import { systemActor } from '../shared/actor.ts';
import { calendarsService } from '../calendars/calendars.service.ts';
import type { CalendarEntryCreate } from '../calendars/calendars.schema.ts';
import { calendarEntryExists } from './seed.queries.ts';
import type { DemoTerm } from './demo-terms.ts';

/**
 * Beijing School's calendar in a demo term: its long holiday (autumn: National Day, 1–7 October;
 * spring: Labour Day, 1–5 May), the make-up working day that follows it (the first Saturday after,
 * kept like a Monday), the mid-term exam week and the term itself. The museum's closed Mondays are in
 * its hall's opening hours. Idempotent by kind, unit, name and start.
 */
export async function seedDemoCalendar(pool: Pool, schoolId: number, term: DemoTerm): Promise<number> {
  const zone = term.start.zoneName!;
  const autumn = term.season === 'autumn';
  const holiday = term.start.set({ month: autumn ? 10 : 5, day: 1 });
  let makeup = holiday.plus({ days: 7 });
  while (makeup.weekday !== 6) makeup = makeup.plus({ days: 1 });
  const date = (d: DateTime) => d.toISODate()!;
  const name = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  const entries: CalendarEntryCreate[] = [
    { kind: 'holiday', unitId: schoolId, name: autumn ? name('国庆节', 'National Day holiday') : name('劳动节', 'Labour Day holiday'), startsOn: date(holiday), endsOn: date(holiday.plus({ days: autumn ? 6 : 4 })), timeZone: zone },
    { kind: 'makeup_workday', unitId: schoolId, name: autumn ? name('国庆调休上班', 'Make-up working day after National Day') : name('劳动节调休上班', 'Make-up working day after Labour Day'),
      startsOn: date(makeup), endsOn: date(makeup), timeZone: zone, asWeekday: 'mon' },
    { kind: 'exam_week', unitId: schoolId, name: name('期中考试周', 'Mid-term exam week'), startsOn: date(term.start.plus({ days: 63 })), endsOn: date(term.start.plus({ days: 67 })), timeZone: zone },
    { kind: 'term', unitId: schoolId, name: autumn ? name('秋季学期', 'Autumn term') : name('春季学期', 'Spring term'), startsOn: date(term.start), endsOn: date(term.end), timeZone: zone },
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
