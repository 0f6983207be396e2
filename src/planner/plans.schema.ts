import { z } from 'zod';
import { termCode } from '../commitments/commitments.schema.ts';
import { idParam } from '../http/schemas.ts';
import { PLAN_STEP_MINUTES, PLAN_STEPS, PLAN_TIME_LIMIT_SECONDS } from './plans.defaults.ts';

/** Glossary: plan — the planner's proposal for a term (status queued → running → done | failed; accepting while its items are booked, one transaction each; accepted once every item is booked or refused). */
export const PLAN_STATUSES = ['queued', 'running', 'done', 'failed', 'accepting', 'accepted'] as const;

export const planCreate = z.strictObject({
  term: termCode,
  timeLimitSeconds: z.number().int().min(1).max(600).default(PLAN_TIME_LIMIT_SECONDS).meta({ description: 'How long the solver may search; the best plan found by then is kept' }),
  stepMinutes: z.union(PLAN_STEPS.map((s) => z.literal(s))).default(PLAN_STEP_MINUTES)
    .meta({ description: 'Minutes between candidate starts, counted from the opening of each commitment\'s daily window (60: 09:00, 10:00, …); 30 finds more ways to pack a day but plans a large term much more slowly' }),
});
export type PlanCreate = z.infer<typeof planCreate>;

export const itemKey = z.string().regex(/^c\d+(-k\d+)?-\d+$/, 'an item key such as c3-k12-1');
export const pinParams = z.strictObject({ id: idParam, key: itemKey });
export const pinBody = z.strictObject({ key: itemKey });

const item = z.object({
  key: z.string(), commitmentId: z.number(), index: z.number(), classIds: z.array(z.number()), start: z.string(), end: z.string(),
  resourceIds: z.array(z.number()), pinned: z.boolean(), accepted: z.boolean(), title: z.string(),
  approvals: z.array(z.object({ resourceId: z.number(), unitId: z.number() })).meta({ description: 'Resources of other units whose approval booking it will ask for' }),
});
const reason = z.object({
  family: z.string(),
  code: z.string().optional().meta({ description: 'What the reason says, for pages to word in their language: closed, calendar_entry, class_window, class_entry, capacity, resource_busy, class_busy, min_gap, max_gap, same_day, window, past, no_window, several (absent on plans made before codes)' }),
  data: z.record(z.string(), z.unknown()).optional().meta({ description: 'The data the code is worded with (ids, local dates and times, names in both languages)' }),
  message: z.string().meta({ description: 'The reason in English' }), fits: z.string().meta({ description: 'What would make it fit, in English' }),
  relaxation: z.record(z.string(), z.unknown()).nullable(),
});

export const planResponse = z.object({
  id: z.number(),
  term: z.string(),
  status: z.enum(PLAN_STATUSES),
  progress: z.object({ phase: z.string().optional(), seconds: z.number().optional(), gap: z.number().nullable().optional(), objective: z.number().nullable().optional() }),
  result: z.object({
    items: z.array(item),
    unplaced: z.array(z.object({ key: z.string(), commitmentId: z.number(), index: z.number(), classIds: z.array(z.number()), title: z.string(), reasons: z.array(reason) })),
    stats: z.record(z.string(), z.union([z.number(), z.string()])),
    violations: z.array(z.object({ key: z.string(), family: z.string(), message: z.string() })).meta({ description: 'Hard rules the pure re-check found broken (always empty)' }),
    engineViolations: z.array(z.object({ key: z.string(), code: z.string(), message: z.string() })).meta({ description: 'Items the booking engine refused in a rolled-back dry run (always empty unless the world changed)' }),
  }).nullable(),
  pinned: z.array(z.object({ key: z.string(), start: z.number(), resourceIds: z.array(z.number()), accepted: z.boolean() })),
  acceptance: z.array(z.object({ key: z.string(), outcome: z.enum(['booked', 'refused', 'kept']), activityId: z.number().nullable(), status: z.string().nullable(), code: z.string().nullable(), message: z.string().nullable() })).nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Plan = z.infer<typeof planResponse>;
export type PlanResultJson = NonNullable<Plan['result']>;
export type Acceptance = NonNullable<Plan['acceptance']>;
