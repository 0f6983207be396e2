import { DateTime } from 'luxon';
import type { CalendarEntry } from '../../src/calendars/blocking.ts';
import type { ClassEntry, PlanCommitment, PlanInput, PlanNeed, PlanResource } from '../../src/planner/model/types.ts';
import type { Weekday } from '../../src/shared/types.ts';
import { PLAN_STEP_MINUTES } from '../../src/planner/plans.defaults.ts';

/**
 * A generated 20-week spring term at the scale of the agreement: `perGrade` classes in each of grades
 * 7 and 8 plus 4 groups (science teachers, drama club, young astronomers, a science-show cast), the
 * units' venues, staff and 11 equipment pools, holidays, exam weeks, the museum's closed Mondays, and
 * commitments that ask for 8 occurrences per class plus ≈ 50 for the groups. Two commitments cannot fit (a Monday-only
 * museum visit, an observation needing 6 of the 5 telescopes) so the unplaced reasons are exercised.
 */
const ZONE = 'Asia/Shanghai';
const d = (from: string, to: string) => [[from, to] as [string, string]];
const week = (from: string, to: string, days: Weekday[]) => Object.fromEntries(days.map((k) => [k, d(from, to)]));
const ALL: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const SCHOOL: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];

function resource(id: number, unitId: number, kind: PlanResource['kind'], en: string, quantity = 1, openingHours: PlanResource['hours']['openingHours'] = null): PlanResource {
  return { id, unitId, kind, quantity, name: { 'zh-CN': en, en }, hours: { id, unitId, zone: ZONE, openingHours } };
}

const need = (options: number[], quantity = 1, setupMinutes = 0, teardownMinutes = 0): PlanNeed => ({ options, quantity, setupMinutes, teardownMinutes });

export function generatedTerm(perGrade: number): PlanInput {
  const [SCHOOL_UNIT, PLANETARIUM, MUSEUM, MILU, PUBLISHING] = [1, 2, 3, 4, 5];
  const extra = Math.max(1, Math.ceil(perGrade / 4));
  const venues = (first: number, unit: number, name: string, hours: PlanResource['hours']['openingHours']) => Array.from({ length: extra }, (_, i) => resource(first + i, unit, 'venue', `${name} ${i + 1}`, 1, hours));
  const closedMon = week('09:00', '17:00', ['tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
  const halls = venues(10, MUSEUM, 'Museum hall', closedMon);
  const domes = venues(20, PLANETARIUM, 'Planetarium dome', closedMon);
  const labs = venues(30, SCHOOL_UNIT, 'Science lab', week('07:30', '21:00', SCHOOL));
  const resources: PlanResource[] = [
    ...halls, ...domes, ...labs,
    resource(40, SCHOOL_UNIT, 'venue', 'School auditorium', 1, week('07:30', '21:00', SCHOOL)),
    resource(41, MILU, 'venue', 'Milu park', 1, week('08:30', '17:00', ALL)),
    resource(42, SCHOOL_UNIT, 'venue', 'Science classroom', 1, week('07:30', '21:00', SCHOOL)),
    ...Array.from({ length: 2 + extra }, (_, i) => resource(50 + i, MUSEUM, 'staff', `Museum educator ${i + 1}`)),
    ...Array.from({ length: 1 + extra }, (_, i) => resource(60 + i, PLANETARIUM, 'staff', `Astronomy instructor ${i + 1}`)),
    resource(70, MILU, 'staff', 'Milu ecologist'), resource(71, PUBLISHING, 'staff', 'Popular-science editor'),
    resource(80, PLANETARIUM, 'equipment', 'Astronomical telescope', 5), resource(81, PLANETARIUM, 'equipment', 'Meteorite specimen', 3),
    resource(82, PLANETARIUM, 'equipment', 'Instrument model', 6), resource(83, MUSEUM, 'equipment', 'Biological specimen', 26),
    resource(84, MILU, 'equipment', 'Peacock', 4), resource(85, PUBLISHING, 'equipment', 'Book set', 120),
    resource(86, SCHOOL_UNIT, 'equipment', 'Microscope', 20 * extra), resource(87, SCHOOL_UNIT, 'equipment', 'School bus', 2 + extra),
    resource(88, MILU, 'equipment', 'Binoculars', 40), resource(89, MUSEUM, 'equipment', 'Field kit', 30), resource(90, PLANETARIUM, 'equipment', 'VR headset', 40),
  ];
  const classes = [7, 8].flatMap((grade) => Array.from({ length: perGrade }, (_, i) => ({ id: grade * 100 + i + 1, unitId: SCHOOL_UNIT, grade, name: { 'zh-CN': `${grade}年级${i + 1}班`, en: `Grade ${grade} class ${i + 1}` } })));
  const groups = [901, 902, 903, 904].map((id, i) => ({ id, unitId: SCHOOL_UNIT, grade: null, name: { 'zh-CN': `组${i}`, en: ['Science teachers', 'Drama club', 'Young astronomers', 'Show cast'][i]! } }));
  const ids = (grade: number) => classes.filter((c) => c.grade === grade).map((c) => c.id);
  const allClasses = classes.map((c) => c.id);
  const win = (startsOn: string, endsOn: string, weekdays: Weekday[], from: string, to: string) => ({ startsOn, endsOn, weekdays, from, to, freeAfternoonsOnly: false });
  let next = 1;
  const c = (o: Partial<PlanCommitment> & Pick<PlanCommitment, 'needs' | 'window'>): PlanCommitment => ({
    id: next++, organizerUnitId: SCHOOL_UNIT, kind: 'field_visit', title: { 'zh-CN': `承诺${next}`, en: `Commitment ${next}` }, classIds: [], perClass: true,
    count: 1, cadence: null, durationMinutes: 180, allDayDays: null, spacing: { notSameDayAsOtherActivity: true }, preferences: { spreadEvenly: 2, avoidWeekBeforeExams: 3 }, ...o,
  });
  const hallIds = halls.map((r) => r.id);
  const commitments: PlanCommitment[] = [
    c({ classIds: allClasses, count: 2, needs: [need(hallIds), need([50, 51, ...Array.from({ length: extra }, (_, i) => 52 + i)]), need([87], 1, 30, 30), need([83], 8)], window: win('2027-02-22', '2027-07-09', ['tue', 'wed', 'thu'], '09:00', '12:00'), spacing: { minGapDays: 28, notSameDayAsOtherActivity: true }, preferences: { spreadEvenly: 2, sameWeekday: 1, avoidWeekBeforeExams: 3 } }),
    c({ classIds: allClasses, needs: [need(domes.map((r) => r.id)), need([80], 2, 30, 30), need([60, ...Array.from({ length: extra }, (_, i) => 61 + i)])], window: win('2027-03-01', '2027-06-25', ['tue', 'wed', 'thu', 'fri'], '09:00', '12:00'), durationMinutes: 120 }),
    c({ classIds: allClasses, needs: [need([41]), need([70]), need([87], 1, 60, 60), need([88], 20)], window: win('2027-03-15', '2027-06-18', SCHOOL, '08:30', '16:00'), durationMinutes: 360, preferences: { weekdays: { days: ['tue', 'thu'], weight: 2 } } }),
    c({ classIds: allClasses, count: 3, kind: 'research_study', needs: [need(labs.map((r) => r.id)), need([86], 20)], window: win('2027-02-22', '2027-07-09', SCHOOL, '13:30', '17:00'), durationMinutes: 90, spacing: { minGapDays: 21, notSameDayAsOtherActivity: true } }),
    c({ classIds: allClasses, count: 2, kind: 'talent_training', needs: [need(labs.map((r) => r.id)), need([85], 40), need([71])], window: win('2027-02-22', '2027-07-09', SCHOOL, '14:00', '16:00'), durationMinutes: 90, spacing: { minGapDays: 35, notSameDayAsOtherActivity: false } }),
    c({ classIds: [901], perClass: false, count: null, cadence: 'monthly', kind: 'teacher_training', needs: [need(domes.map((r) => r.id)), need([60]), need([82], 6)], window: win('2027-02-22', '2027-07-09', ['tue', 'wed', 'thu', 'fri'], '09:30', '15:30'), durationMinutes: 360 }),
    c({ classIds: [902], perClass: false, count: null, cadence: 'weekly', kind: 'club_session', needs: [need([40])], window: win('2027-02-22', '2027-07-09', ['thu'], '16:00', '17:30'), durationMinutes: 90, spacing: { notSameDayAsOtherActivity: false }, preferences: {} }),
    c({ classIds: [903], perClass: false, count: null, cadence: 'weekly', kind: 'talent_training', needs: [need([42]), need([80], 3, 30, 30), need([60, 61])], window: win('2027-02-22', '2027-07-09', ['tue', 'wed', 'thu'], '18:30', '20:30'), durationMinutes: 120, preferences: { weekdays: { days: ['wed'], weight: 1 } } }),
    c({ classIds: [], perClass: false, kind: 'exhibition', needs: [need([42]), need([81], 3, 1440, 1440)], window: win('2027-04-01', '2027-04-30', SCHOOL, '00:00', '23:59'), durationMinutes: null, allDayDays: 14, preferences: {} }),
    c({ classIds: [904], perClass: false, count: 2, kind: 'science_show', needs: [need([40]), need([84], 2, 60, 60)], window: win('2027-04-15', '2027-06-30', SCHOOL, '14:00', '16:00'), durationMinutes: 90, spacing: { minGapDays: 21, notSameDayAsOtherActivity: false } }),
    c({ classIds: ids(7).slice(0, 1), needs: [need(hallIds)], window: win('2027-03-01', '2027-03-29', ['mon'], '09:00', '12:00'), title: { 'zh-CN': '周一参观', en: 'Monday museum visit' } }),
    c({ classIds: [903], perClass: false, needs: [need([42]), need([80], 6)], window: win('2027-05-10', '2027-05-14', SCHOOL, '19:00', '21:00'), durationMinutes: 90, kind: 'talent_training', title: { 'zh-CN': '大型观测', en: 'Big observation' } }),
  ];
  const day = (iso: string) => DateTime.fromISO(iso, { zone: ZONE });
  const entry = (id: number, kind: CalendarEntry['kind'], from: string, to: string, unitId: number | null): CalendarEntry => ({ id, kind, unitId, resourceId: null, name: { 'zh-CN': kind, en: `${kind} ${from}` }, startsAt: day(from), endsAt: day(to).plus({ days: 1 }), asWeekday: null });
  const exam = (id: number, grade: number, from: string, to: string): ClassEntry => ({ id, kind: 'exam_week', unitId: SCHOOL_UNIT, classId: null, grade, name: { 'zh-CN': '考试', en: `Grade ${grade} exams` }, start: day(from).toMillis(), end: day(to).plus({ days: 1 }).toMillis(), weekday: null, from: null, to: null });
  return {
    zone: ZONE, term: { startsOn: '2027-02-22', endsOn: '2027-07-09' }, stepMinutes: PLAN_STEP_MINUTES, commitments, resources, classes: [...classes, ...groups],
    calendarEntries: [entry(1, 'holiday', '2027-04-03', '2027-04-05', null), entry(2, 'holiday', '2027-05-01', '2027-05-05', null), entry(3, 'holiday', '2027-06-09', '2027-06-11', null), entry(4, 'closure', '2027-05-18', '2027-05-19', MUSEUM)],
    classEntries: [exam(1, 7, '2027-04-19', '2027-04-23'), exam(2, 8, '2027-04-26', '2027-04-30'), exam(3, 8, '2027-06-14', '2027-06-18'), exam(4, 7, '2027-07-05', '2027-07-09'), exam(5, 8, '2027-07-05', '2027-07-09')],
    busy: [], classBusy: [], kept: [],
  };
}
