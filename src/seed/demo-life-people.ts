import { DateTime } from 'luxon';
import { systemActor } from '../shared/actor.ts';
import type { RegistrationCreate } from '../registrations/registrations.schema.ts';
import { selectActivityByTitle, selectOccurrenceTimes } from './seed.queries.ts';
import { peopleAt, stopped, type DemoLifeDeps } from './demo-life-services.ts';

/**
 * Who comes to the demo programme: teachers at the astronomy training (marked, with certificates),
 * students at the telescope evening (marked), a drama club full with a waitlist, families at the
 * science show, and students whose guardians have not yet answered for the research study.
 */
interface Crowd {
  /** The demo activity's English title (demo.data.ts). */
  activity: string;
  count: number;
  role: RegistrationCreate['role'];
  grades?: number[];
  /** Every n-th person is marked absent at a session that is over (0: everyone present). */
  absentEvery: number;
  /** Credit hours per session for teacher training (certificates follow attendance). */
  hours?: number;
  guardians?: boolean;
}

export const DEMO_CROWDS: Crowd[] = [
  { activity: 'Astronomy literacy for science teachers', count: 9, role: 'teacher', absentEvery: 9, hours: 6 },
  { activity: 'Young astronomers: telescope observation', count: 14, role: 'student', grades: [8, 9], absentEvery: 5 },
  { activity: 'Popular-science drama club rehearsal', count: 32, role: 'student', grades: [4, 5, 6], absentEvery: 8 },
  { activity: 'Science show: "The Little Milu Going Home"', count: 12, role: 'guardian', absentEvery: 0 },
  { activity: 'Research study: the milu deer population', count: 5, role: 'student', grades: [10, 11], absentEvery: 0, guardians: true },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['子涵', '浩然', '欣怡', '宇轩', '梓萱', '一诺', '雨桐', '俊杰', '思远', '嘉怡', '晨阳', '若曦', '明哲'];
const personName = (i: number) => `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7 + 3) % GIVEN.length]}`;

async function register(deps: DemoLifeDeps, crowd: Crowd, activityId: number, firstStart: DateTime, offset: number): Promise<number> {
  const now = deps.clock.now();
  // People register in the week before the first session (or over the last days, if it is still ahead).
  const from = DateTime.min(now.minus({ days: 3 }), firstStart.minus({ days: 8 }));
  let made = 0;
  for (let n = 0; n < crowd.count && !stopped(deps); n++) {
    const i = offset + n;
    const grade = crowd.grades?.[n % crowd.grades.length];
    const slug = crowd.role === 'teacher' ? 'teacher' : crowd.role === 'guardian' ? 'family' : 'student';
    const { registrations } = peopleAt(deps, from.plus({ minutes: 47 * n }));
    const { created } = await registrations.register(systemActor, activityId, {
      name: personName(i), email: `${slug}${i + 1}@${crowd.role === 'teacher' ? 'school' : 'families'}.example.org`,
      role: crowd.role, language: n % 6 === 5 ? 'en' : 'zh-CN',
      ...(grade ? { grade, class: `${(n % 4) + 1}班` } : {}),
      ...(crowd.guardians ? { guardianEmail: `guardian${i + 1}@families.example.org` } : {}),
    });
    if (created) made++;
  }
  return made;
}

/** Marks every session of the activity that is over (an organizer's list, after the session). */
async function markOver(deps: DemoLifeDeps, crowd: Crowd, activityId: number): Promise<number> {
  const now = deps.clock.now();
  let marked = 0;
  for (const o of await selectOccurrenceTimes(deps.pool, activityId)) {
    const ends = DateTime.fromISO(o.endsAt);
    if (o.status !== 'scheduled' || ends > now || stopped(deps)) continue;
    const { attendance } = peopleAt(deps, ends.plus({ minutes: 30 }));
    const roster = await attendance.list(systemActor, o.id);
    const marks = roster.items.filter((r) => r.registrationStatus === 'confirmed' && r.status === null)
      .map((r, k) => ({ registrationId: r.registrationId, status: crowd.absentEvery && (k + o.id) % crowd.absentEvery === 0 ? 'absent' as const : 'present' as const }));
    if (marks.length === 0) continue;
    await attendance.mark(systemActor, o.id, marks);
    marked += marks.length;
  }
  if (crowd.hours && marked > 0) {
    // The training's hours are set once its sessions are marked: the certificates are issued with them.
    const { certificates } = peopleAt(deps, now.minus({ hours: 1 }));
    await certificates.setHours(systemActor, activityId, crowd.hours);
  }
  return marked;
}

export async function seedDemoPeople(deps: DemoLifeDeps, yearStart: DateTime): Promise<{ registrations: number; marked: number }> {
  let registrations = 0;
  let marked = 0;
  let offset = 0;
  for (const crowd of DEMO_CROWDS) {
    const activity = await selectActivityByTitle(deps.pool, crowd.activity, yearStart.toISO()!);
    if (activity) {
      registrations += await register(deps, crowd, activity.id, DateTime.fromISO(activity.startsAt), offset);
      marked += await markOver(deps, crowd, activity.id);
    }
    offset += crowd.count;
  }
  return { registrations, marked };
}
