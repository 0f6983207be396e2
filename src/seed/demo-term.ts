import type { DemoTerm } from './demo-terms.ts';
import type { Pool } from '../db/pool.ts';
import { systemActor } from '../shared/actor.ts';
import { classesService } from '../classes/classes.service.ts';
import { commitmentsService } from '../commitments/commitments.service.ts';
import type { CommitmentInput } from '../commitments/commitments.schema.ts';

/**
 * The demo term for the planner (docs/planner.md): Beijing School's grade-7 and grade-8 classes, its
 * science teachers and drama club, their exam weeks and free afternoon, and the agreement's commitments
 * for the demo term (the term on now or the next one: demo.ts `demoTerm`). Idempotent: classes by
 * code, commitments skipped when the term has any.
 */
const CSV = [
  'code,kind,grade,number,size,name_zh,name_en',
  ...[7, 8].flatMap((g) => [1, 2, 3, 4].map((n) => `g${g}-${n},school_class,${g},${n},${38 + n},${g === 7 ? '七' : '八'}年级${n}班,Grade ${g} class ${n}`)),
  'science-teachers,teacher_group,,,14,科学教师,Science teachers',
  'drama-club,club,,,30,科普剧社,Popular-science drama club',
].join('\n');

export async function seedDemoTerm(pool: Pool, demo: DemoTerm, unitIds: Map<string, number>, resourceIds: Map<string, number>): Promise<number> {
  const school = unitIds.get('beijing-school')!;
  const term = demo.code;
  const yearStart = demo.start;
  const classes = classesService(pool);
  const commitments = commitmentsService(pool);
  if ((await commitments.list(term)).length > 0) return 0;
  // Classes are the school's whatever the term; the class calendar is the term's (by name and start).
  await classes.importCsv(systemActor, { unitId: school, csv: CSV, apply: true });
  const ids = new Map((await classes.list({ unitId: school, limit: 200 })).items.map((c) => [c.code, c.id]));
  const grade = (g: number) => [1, 2, 3, 4].map((n) => ids.get(`g${g}-${n}`)!);
  const date = (days: number) => yearStart.plus({ days }).toISODate()!;
  const name = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  for (const g of [7, 8]) {
    await classes.createEntry(systemActor, { unitId: school, kind: 'exam_week', grade: g, name: name(`${g}年级月考`, `Grade ${g} monthly test`), startsOn: date(g === 7 ? 91 : 98), endsOn: date(g === 7 ? 93 : 100), timeZone: yearStart.zoneName! });
  }
  await classes.createEntry(systemActor, { unitId: school, kind: 'free_afternoon', name: name('周三下午活动课', 'Wednesday activity afternoon'), weekday: 'wed', from: '13:30', to: '17:00', timeZone: yearStart.zoneName! });
  const r = (key: string) => resourceIds.get(key)!;
  const base = { term, organizerUnitId: school, status: 'confirmed' as const, timeZone: yearStart.zoneName!, perClass: true };
  const window = { startsOn: date(14), endsOn: date(125), weekdays: ['tue', 'wed', 'thu', 'fri'] as ('tue' | 'wed' | 'thu' | 'fri')[], from: '09:00', to: '12:00', freeAfternoonsOnly: false };
  const list: CommitmentInput[] = [
    { ...base, kind: 'field_visit', title: name('走进自然博物馆', 'Field visit: Museum of Natural History'), classIds: grade(7), count: 2, durationMinutes: 180, venueId: r('hall'),
      needs: [{ resourceId: r('educator'), quantity: 1, setupMinutes: 0, teardownMinutes: 0 }, { resourceId: r('specimens'), quantity: 8, setupMinutes: 0, teardownMinutes: 0 }],
      window, spacing: { minGapDays: 28, notSameDayAsOtherActivity: true }, preferences: { spreadEvenly: 2, sameWeekday: 1, avoidWeekBeforeExams: 3 } },
    { ...base, kind: 'field_visit', title: name('天文馆观测课', 'Planetarium session'), classIds: grade(8), count: 1, durationMinutes: 120, venueId: r('dome'),
      needs: [{ resourceId: r('telescopes'), quantity: 2, setupMinutes: 30, teardownMinutes: 30 }, { resourceId: r('astronomer'), quantity: 1, setupMinutes: 0, teardownMinutes: 0 }],
      window, spacing: { notSameDayAsOtherActivity: true }, preferences: { avoidWeekBeforeExams: 3 } },
    { ...base, kind: 'field_visit', title: name('麋鹿苑研学', 'Milu park visit'), classIds: grade(8), count: 1, durationMinutes: 300, venueId: r('park'),
      needs: [{ resourceId: r('ecologist'), quantity: 1, setupMinutes: 0, teardownMinutes: 0 }],
      window: { ...window, from: '09:00', to: '15:00' }, spacing: { notSameDayAsOtherActivity: true }, preferences: { weekdays: { days: ['tue', 'thu'], weight: 2 }, avoidWeekBeforeExams: 3 } },
    { ...base, kind: 'teacher_training', title: name('科学教师培训', 'Teacher training'), classIds: [ids.get('science-teachers')!], perClass: false, cadence: 'monthly', durationMinutes: 360, venueId: r('classroom'),
      needs: [{ resourceId: r('astronomer'), quantity: 1, setupMinutes: 0, teardownMinutes: 0 }], window: { ...window, startsOn: date(0), from: '09:30', to: '15:30' }, spacing: { notSameDayAsOtherActivity: false }, preferences: { weekdays: { days: ['fri'], weight: 1 } } },
    { ...base, kind: 'club_session', title: name('科普剧社活动', 'Drama club'), classIds: [ids.get('drama-club')!], perClass: false, cadence: 'weekly', durationMinutes: 90, venueId: r('auditorium'),
      needs: [], window: { ...window, startsOn: date(7), weekdays: ['thu'], from: '16:00', to: '17:30' }, spacing: { notSameDayAsOtherActivity: false }, preferences: {} },
    { ...base, kind: 'exhibition', title: name(`陨石进校园（${yearStart.plus({ days: 30 }).month}月）`, `Meteorites at school in ${yearStart.plus({ days: 30 }).setLocale('en').toFormat('MMMM')}`), classIds: [], perClass: false, count: 1, allDayDays: 14, venueId: r('classroom'),
      needs: [{ resourceId: r('meteorites'), quantity: 3, setupMinutes: 1440, teardownMinutes: 1440 }],
      window: { startsOn: date(30), endsOn: date(60), weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '00:00', to: '23:59', freeAfternoonsOnly: false }, spacing: { notSameDayAsOtherActivity: false }, preferences: {} },
  ];
  for (const c of list) await commitments.create(systemActor, c);
  return list.length;
}
