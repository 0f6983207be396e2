import { z } from 'zod';
import { idParam } from '../http/schemas.ts';

/** GET /home: whose home (an admin may look at any unit's; others at their own, the default). */
export const homeQuery = z.strictObject({
  unitId: idParam.optional().describe("The unit whose home to show; the caller's own unit when left out"),
});
export type HomeQuery = z.infer<typeof homeQuery>;

const localized = z.object({ 'zh-CN': z.string(), en: z.string() });
const instant = z.string().describe('ISO 8601 with the offset of the unit’s zone');

const happening = z.object({
  activityId: z.number().int(),
  occurrenceId: z.number().int(),
  title: localized,
  kind: z.string(),
  status: z.enum(['draft', 'requested', 'confirmed', 'cancelled']),
  startsAt: instant,
  endsAt: instant,
  allDay: z.boolean(),
  venueName: localized.nullable(),
  registered: z.number().int(),
  ours: z.boolean().describe('The unit organizes it (else it only uses the unit’s resources)'),
});

export const homeResponse = z.object({
  unit: z.object({ id: z.number().int(), name: localized }),
  timeZone: z.string(),
  /** The local day and week the lists are for (the unit's zone). */
  today: z.string().describe('The local date (YYYY-MM-DD) in the unit’s zone'),
  weekStart: z.string(),
  weekEnd: z.string(),
  happeningToday: z.array(happening),
  happeningThisWeek: z.array(happening).describe('The rest of this week (Monday to Sunday), after today'),
  approvals: z.array(z.object({
    claimId: z.number().int(),
    activityId: z.number().int(),
    title: localized,
    requestedBy: localized,
    resourceName: localized,
    quantity: z.number().int(),
    startsAt: instant,
    holdExpiresAt: instant.nullable(),
  })).describe("Claims on this unit's resources waiting for its decision"),
  holdsLapsing: z.array(z.object({
    activityId: z.number().int(),
    title: localized,
    startsAt: instant,
    holdExpiresAt: instant,
    pendingClaims: z.number().int(),
  })).describe("This unit's requested activities whose hold lapses within 72 hours"),
  consentsMissing: z.array(z.object({
    activityId: z.number().int(),
    title: localized,
    startsAt: instant,
    missing: z.number().int().describe('Registrations without a guardian’s consent'),
  })).describe("This unit's activities in the next 14 days with students still lacking consent"),
  overdueLoans: z.array(z.object({
    loanId: z.number().int(),
    resourceName: localized,
    holderName: z.string(),
    dueBack: instant,
    itemsOut: z.number().int(),
  })),
  failedEmails: z.array(z.object({
    deliveryId: z.number().int(),
    kind: z.string(),
    activityId: z.number().int().nullable(),
    title: localized.nullable(),
    failedAt: instant,
  })).describe('Emails about this unit’s activities and loans that could not be delivered (last 30 days)'),
  failingChannels: z.array(z.object({
    channelId: z.number().int(),
    platform: z.enum(['wecom', 'dingtalk', 'feishu']),
    classId: z.number().int().nullable(),
    name: z.string(),
    enabled: z.boolean(),
    disabledReason: z.string().nullable().describe("The platform's refusal that turned it off (e.g. a revoked key)"),
    failing: z.number().int().describe('Messages failed in the last week or waiting after a failed attempt'),
  })).describe('The group robots of this unit and its classes that were turned off or are failing (docs/webhooks.md#group-robots)'),
});
export type HomeResponse = z.infer<typeof homeResponse>;
