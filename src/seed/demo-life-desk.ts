import { systemActor } from '../shared/actor.ts';
import { FixedClock } from '../shared/clock.ts';
import { AppError } from '../shared/errors.ts';
import { itemsService } from '../loans/items.service.ts';
import { loansService } from '../loans/loans.service.ts';
import { selectUnitIdBySlug } from '../units/units.queries.ts';
import { activityTitled, loanExists, selectResourceIdByName } from './seed.queries.ts';
import { servicesAt, stopped, type DemoLifeDeps } from './demo-life-services.ts';

/**
 * What waits on an organizer's desk today: equipment out on loan (one loan overdue, one returned),
 * a request for another unit's resources waiting for its approval, and one whose hold lapses soon.
 * Moments are counted back from `now`, so the desk is as busy on any day the demo is started.
 */
const ZONE = 'Asia/Shanghai';

interface DemoLoan { pool: [unit: string, nameEn: string]; count: number; holder: string; email: string; outDaysAgo: number; dueInDays: number; returnedDaysAgo?: number }
export const DEMO_LOANS: DemoLoan[] = [
  { pool: ['planetarium', 'Astronomical telescope'], count: 1, holder: '张老师', email: 'zhang.teacher@school.example.org', outDaysAgo: 12, dueInDays: -2 },
  { pool: ['museum', 'Biological specimen'], count: 6, holder: '李老师', email: 'li.teacher@school.example.org', outDaysAgo: 4, dueInDays: 10 },
  { pool: ['planetarium', 'Ancient astronomical instrument model'], count: 2, holder: '赵老师', email: 'zhao.teacher@school.example.org', outDaysAgo: 40, dueInDays: -26, returnedDaysAgo: 27 },
];

interface DemoRequest { zh: string; en: string; kind: 'club_session' | 'field_visit'; daysAhead: number; from: string; to: string; hoursAgo: number; claims: [unit: string, nameEn: string, quantity: number][] }
/** Beijing School asks; the planetarium's and the museum's organizers decide. Hold time is HOLD_EXPIRY_HOURS (72 h by default). */
export const DEMO_REQUESTS: DemoRequest[] = [
  { zh: '天文社观星夜', en: 'Astronomy club star-gazing evening', kind: 'club_session', daysAhead: 9, from: '18:30', to: '20:30', hoursAgo: 3,
    claims: [['planetarium', 'Astronomical telescope', 2], ['planetarium', 'Astronomy instructor', 1]] },
  { zh: '七年级生物标本课', en: 'Grade 7 specimen lesson', kind: 'club_session', daysAhead: 12, from: '14:00', to: '15:30', hoursAgo: 70,
    claims: [['museum', 'Museum science educator', 1], ['museum', 'Biological specimen', 10]] },
];

async function resourceId(deps: DemoLifeDeps, unit: string, nameEn: string): Promise<number | undefined> {
  const unitId = await selectUnitIdBySlug(deps.pool, unit);
  return unitId === undefined ? undefined : selectResourceIdByName(deps.pool, unitId, nameEn);
}

async function lend(deps: DemoLifeDeps, l: DemoLoan): Promise<number> {
  const now = deps.clock.now();
  const poolId = await resourceId(deps, ...l.pool);
  if (poolId === undefined || stopped(deps) || (await loanExists(deps.pool, l.email))) return 0;
  const outSince = now.minus({ days: l.outDaysAgo });
  const items = (await itemsService(deps.pool, new FixedClock(outSince)).list(systemActor, poolId)).items.slice(0, l.count).map((i) => i.id);
  if (items.length < l.count) return 0;
  let loan;
  try {
    loan = await loansService(deps.pool, new FixedClock(outSince)).checkOut(systemActor, {
      itemIds: items, holderName: l.holder, holderEmail: l.email, outSince: outSince.toUTC().toISO()!, dueBack: now.plus({ days: l.dueInDays }).toUTC().toISO()!, note: '',
    });
  } catch (error) {
    // On some dates the term's bookings need every item of the pool (item_needed): that loan is left out.
    if (!(error instanceof AppError)) throw error;
    deps.log.info({ module: 'seed', pool: l.pool[1], code: error.code }, 'demo loan left out: its items are booked');
    return 0;
  }
  if (l.returnedDaysAgo !== undefined) {
    await loansService(deps.pool, new FixedClock(now.minus({ days: l.returnedDaysAgo }))).checkIn(systemActor, loan.id, { itemIds: items, note: '' });
  }
  return 1;
}

/** Asks for another unit's resources `hoursAgo`; the first open weekday from `daysAhead` that the engine accepts. */
async function request(deps: DemoLifeDeps, r: DemoRequest, schoolId: number, classroom: number): Promise<number> {
  if (stopped(deps) || (await activityTitled(deps.pool, schoolId, r.en))) return 0;
  const now = deps.clock.now();
  const claims = [];
  for (const [unit, name, quantity] of r.claims) {
    const id = await resourceId(deps, unit, name);
    if (id !== undefined) claims.push({ resourceId: id, quantity, setupMinutes: 0, teardownMinutes: 0 });
  }
  const { activities } = servicesAt(deps, now.minus({ hours: r.hoursAgo }));
  let day = now.setZone(ZONE).plus({ days: r.daysAhead }).startOf('day');
  for (let tries = 0; tries < 10; tries++, day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue;
    const at = (hhmm: string) => day.set({ hour: Number(hhmm.slice(0, 2)), minute: Number(hhmm.slice(3)) }).toISO()!;
    try {
      await activities.create(systemActor, {
        kind: r.kind, title: { 'zh-CN': r.zh, en: r.en }, description: { 'zh-CN': '', en: '' }, organizerUnitId: schoolId, venueId: classroom,
        startsAt: at(r.from), endsAt: at(r.to), timeZone: ZONE, allDay: false, status: 'confirmed', visibility: 'public', capacity: 40,
        audienceGrades: [7, 8], languages: ['zh-CN'], claims, recurrenceRule: null,
      });
      return 1;
    } catch (error) {
      if (!(error instanceof AppError)) throw error; // that day is taken or closed: the next
    }
  }
  return 0;
}

export async function seedDemoDesk(deps: DemoLifeDeps): Promise<{ loans: number; requests: number }> {
  let loans = 0;
  for (const l of DEMO_LOANS) loans += await lend(deps, l);
  const schoolId = await selectUnitIdBySlug(deps.pool, 'beijing-school');
  const classroom = schoolId === undefined ? undefined : await selectResourceIdByName(deps.pool, schoolId, 'Science classroom');
  let requests = 0;
  if (schoolId !== undefined && classroom !== undefined) for (const r of DEMO_REQUESTS) requests += await request(deps, r, schoolId, classroom);
  return { loans, requests };
}
