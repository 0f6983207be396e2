import { z } from 'zod';
import { id, localized, timeZone } from '../http/schemas.ts';
import { ACTIVITY_KINDS, WEEKDAYS } from '../shared/types.ts';

/**
 * Glossary. commitment: what the agreement promises for a term — a kind of activity, for whom
 * (classes or groups), how many times, for how long, with which resources, when it may happen and how
 * far apart; plus soft preferences with weights. The planner (src/planner/) turns commitments into a plan.
 */
export const termCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and hyphens, e.g. spring-2027');
const date = z.iso.date().meta({ description: 'Local date, YYYY-MM-DD' });
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const weight = z.number().min(0).max(100);
export const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

const buffers = {
  quantity: z.number().int().min(1).max(100_000).default(1),
  setupMinutes: z.number().int().min(0).max(20_160).default(0),
  teardownMinutes: z.number().int().min(0).max(20_160).default(0),
};
/**
 * A specific resource (a venue, a staff member, or N of an equipment pool: `resourceId`), any one of
 * several (`anyOf`), or any staff member of a unit (`staffOfUnit`, optionally of a `category`): exactly one.
 * One object rather than a union, so a bad field is named in the error (`body.needs.0.resourceId`).
 */
export const need = z.strictObject({
  resourceId: id.optional().meta({ description: 'A specific resource; for a pool, quantity of its items' }),
  anyOf: z.array(id).min(1).max(50).optional().meta({ description: 'Any one of these resources (the planner chooses)' }),
  staffOfUnit: id.optional().meta({ description: 'Any one staff member of this unit' }),
  category: z.string().regex(/^[a-z0-9_]{1,64}$/).optional().meta({ description: 'With staffOfUnit: only staff of this category' }),
  ...buffers,
}).superRefine((n, ctx) => {
  const given = [n.resourceId, n.anyOf, n.staffOfUnit].filter((v) => v !== undefined).length;
  if (given !== 1) ctx.addIssue({ code: 'custom', path: ['resourceId'], message: 'give exactly one of resourceId, anyOf, staffOfUnit' });
  if (n.category !== undefined && n.staffOfUnit === undefined) ctx.addIssue({ code: 'custom', path: ['category'], message: 'only with staffOfUnit' });
});
export type Need = z.infer<typeof need>;

export const commitmentWindow = z.strictObject({
  startsOn: date,
  endsOn: date,
  weekdays: z.array(z.enum(WEEKDAYS)).min(1).max(7).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  from: hhmm.default('08:00').meta({ description: 'Earliest local start' }),
  to: hhmm.default('18:00').meta({ description: 'Latest local end' }),
  freeAfternoonsOnly: z.boolean().default(false).meta({ description: 'Only in the classes\' free afternoons (class calendar)' }),
});

export const commitmentSpacing = z.strictObject({
  minGapDays: z.number().int().min(0).max(365).optional(),
  maxGapDays: z.number().int().min(1).max(365).optional(),
  notSameDayAsOtherActivity: z.boolean().default(false).meta({ description: 'Not on a day the class has another activity' }),
});

export const commitmentPreferences = z.strictObject({
  weekdays: z.strictObject({ days: z.array(z.enum(WEEKDAYS)).min(1).max(7), weight }).optional(),
  spreadEvenly: weight.optional(),
  sameWeekday: weight.optional().meta({ description: 'Keep a class\'s visits on one weekday' }),
  avoidWeekBeforeExams: weight.optional(),
});

export const commitmentFields = {
  term: termCode,
  organizerUnitId: id,
  kind: z.enum(ACTIVITY_KINDS),
  title: localized(200),
  classIds: z.array(id).max(200).default([]).meta({ description: 'For whom: classes, teacher groups, clubs' }),
  perClass: z.boolean().default(true).meta({ description: 'true: each class gets `count` occurrences of its own; false: the classes come together' }),
  count: z.number().int().min(1).max(100).optional().meta({ description: 'How many times (per class when perClass)' }),
  cadence: z.enum(['weekly', 'monthly']).optional().meta({ description: 'Instead of count: once in every week or month of the window' }),
  durationMinutes: z.number().int().min(5).max(1440).optional(),
  allDayDays: z.number().int().min(1).max(60).optional().meta({ description: 'Whole local days instead of durationMinutes (exhibitions)' }),
  venueId: id.nullable().optional(),
  needs: z.array(need).max(20).default([]),
  window: commitmentWindow,
  spacing: commitmentSpacing.default({ notSameDayAsOtherActivity: false }),
  preferences: commitmentPreferences.default({}),
  status: z.enum(['requested', 'confirmed']).default('confirmed').meta({ description: 'Status the booked activities ask for when the plan is accepted' }),
  timeZone: timeZone.default('Asia/Shanghai'),
};

const commitmentObject = z.strictObject(commitmentFields);
type Fields = z.output<typeof commitmentObject>;

/** The checks that need no database; the service adds those that do (classes, resources). */
export function checkCommitment(v: Fields, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if ((v.count === undefined) === (v.cadence === undefined)) issue(['count'], 'give count or cadence (one of them)');
  if ((v.durationMinutes === undefined) === (v.allDayDays === undefined)) issue(['durationMinutes'], 'give durationMinutes or allDayDays (one of them)');
  const w = v.window;
  if (w.endsOn < w.startsOn) issue(['window', 'endsOn'], 'on or after startsOn');
  const daily = minutesOf(w.to) - minutesOf(w.from);
  if (daily <= 0) issue(['window', 'to'], 'after window.from');
  else if (v.durationMinutes !== undefined && v.durationMinutes > daily) {
    issue(['durationMinutes'], `${v.durationMinutes} minutes do not fit the daily window ${w.from}–${w.to} (${daily} minutes)`);
  }
  const days = daysBetween(w.startsOn, w.endsOn);
  const allowed = allowedDates(w.startsOn, w.endsOn, w.weekdays);
  if (w.endsOn >= w.startsOn && allowed === 0) issue(['window', 'weekdays'], `no ${w.weekdays.join('/')} between ${w.startsOn} and ${w.endsOn}`);
  if (v.allDayDays !== undefined && v.allDayDays > days) issue(['allDayDays'], `${v.allDayDays} days do not fit ${w.startsOn}–${w.endsOn} (${days} days)`);
  const s = v.spacing;
  if (s.minGapDays !== undefined && s.maxGapDays !== undefined && s.maxGapDays < s.minGapDays) issue(['spacing', 'maxGapDays'], 'at least minGapDays');
  if (v.count !== undefined && s.minGapDays !== undefined && (v.count - 1) * s.minGapDays >= days && v.count > 1) {
    issue(['spacing', 'minGapDays'], `${v.count} occurrences ${s.minGapDays} days apart do not fit ${days} days`);
  }
  if (v.count !== undefined && v.count > allowed && allowed > 0 && v.allDayDays === undefined) issue(['count'], `${v.count} occurrences but only ${allowed} allowed days`);
  if (!v.perClass && v.classIds.length === 0 && v.count === undefined && v.cadence === undefined) issue(['classIds'], 'for whom?');
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

function allowedDates(from: string, to: string, weekdays: readonly string[]): number {
  let n = 0;
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end && n < 400; t += 86_400_000) {
    if (weekdays.includes(WEEKDAYS[(new Date(t).getUTCDay() + 6) % 7]!)) n++;
  }
  return n;
}

export const commitmentCreate = commitmentObject.superRefine(checkCommitment);
export type CommitmentInput = z.infer<typeof commitmentCreate>;

export const commitmentListQuery = z.strictObject({ term: termCode.optional() });

export const commitmentResponse = z.object({
  id: z.number(),
  ...commitmentFields,
  createdAt: z.string(),
  updatedAt: z.string(),
}).meta({ description: 'The commitment as stored (every field of the request, defaults filled in)' });
export type Commitment = CommitmentInput & { id: number; createdAt: string; updatedAt: string };
