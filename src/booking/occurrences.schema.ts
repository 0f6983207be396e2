import { z } from 'zod';
import { override } from './claims.schema.ts';
import { toDateTime } from '../shared/time.ts';
import { freeText, instant, localized, id, idParam } from '../http/schemas.ts';
import { activityResponse, claimSetItem, localizedChange, recurrenceRule } from './activity.schema.ts';

export const occurrenceParams = z.strictObject({ id: idParam, occurrenceId: idParam });

export const occurrenceResponse = z.object({
  id: z.number(),
  activityId: z.number(),
  originalStartsAt: z.string().meta({ description: 'Identifies the occurrence in its series (iCalendar RECURRENCE-ID), also after a move' }),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.enum(['scheduled', 'cancelled']),
});
export type Occurrence = z.infer<typeof occurrenceResponse>;
export const occurrenceList = z.object({ items: z.array(occurrenceResponse) });

const endsAfterStart = (v: { startsAt?: string | undefined; endsAt?: string | undefined }, ctx: z.RefinementCtx) => {
  if (v.startsAt && v.endsAt && toDateTime(v.endsAt) <= toDateTime(v.startsAt)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
  }
};

/** Move, cancel or restore one occurrence of a series without touching the others. */
export const occurrenceUpdate = z
  .strictObject({
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    status: z.enum(['scheduled', 'cancelled']).optional(),
    override: override.optional(),
  })
  .refine((v) => v.startsAt !== undefined || v.endsAt !== undefined || v.status !== undefined, 'nothing to update')
  .superRefine(endsAfterStart);
export type OccurrenceUpdate = z.infer<typeof occurrenceUpdate>;

/** "This and following": the series ends before `occurrenceId`; a new series continues from it with the changes. */
export const seriesSplit = z
  .strictObject({
    occurrenceId: id,
    title: localized(200).optional(),
    description: localizedChange(10_000).optional().meta({ description: 'The languages given replace the old series\' (default: its description)' }),
    venueId: id.nullable().optional(),
    startsAt: instant.optional().meta({ description: 'New start of this occurrence (default: its original start)' }),
    endsAt: instant.optional(),
    recurrenceRule: recurrenceRule.optional().meta({ description: 'Rule of the following series (default: the rest of the old one)' }),
    claims: z.array(claimSetItem).max(50).optional()
      .meta({ description: 'Claims of the following series besides the venue\'s (default: the old series\' claims), as in PATCH /activities/{id}' }),
    override: override.optional(),
  })
  .superRefine(endsAfterStart)
  .superRefine((v, ctx) => {
    const ids = (v.claims ?? []).map((c) => c.resourceId);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['claims'], message: 'each resource may be claimed once' });
  });
export type SeriesSplit = z.infer<typeof seriesSplit>;

export const splitResponse = z.object({ original: activityResponse, following: activityResponse });

export const decisionBody = z.strictObject({
  note: freeText(500).trim().optional().meta({ description: 'Kept in the audit log and emailed to the requesting unit' }),
  reason: freeText(500).trim().optional().meta({ description: 'Why (a decline): emailed to the requesting unit; takes precedence over note' }),
});
