import { z } from 'zod';

/** Which staff emails a signed-in user gets (all on unless turned off). */
export const notificationPreferences = z.object({
  approval_request: z.boolean().meta({ description: "Requests for your unit's resources (to the owner unit's organizers)" }),
  approval_decision: z.boolean().meta({ description: "Decisions on your unit's requests" }),
  hold_expiring: z.boolean().meta({ description: "Your unit's request holds resources for 24 more hours, undecided" }),
});
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

/** PATCH: only the kinds named change (no defaults, so absent stays as it was). */
export const notificationPreferencesPatch = z.strictObject({
  approval_request: z.boolean().optional(),
  approval_decision: z.boolean().optional(),
  hold_expiring: z.boolean().optional(),
});
export type NotificationPreferencesPatch = z.infer<typeof notificationPreferencesPatch>;
