import type { ActivityEvents } from '../shared/activity-events.ts';
import type { BookingOptions } from './holds.ts';
import { activityCommands } from './activity.commands.ts';
import { claimCommands } from './claim.commands.ts';
import { seriesCommands } from './series.commands.ts';
import { approvalCommands, type OnDecided } from './approvals.service.ts';
import { trialCommands } from './trial.ts';

/**
 * The command API of the activity aggregate: the only way anything writes an activity, its
 * occurrences or its claims (tests/unit/architecture.booking.test.ts keeps it so). Every command
 * takes the caller's transaction handle first and answers its change for the audit row; the caller
 * opens one transaction per request, job or plan item (audit/audited.ts, db/savepoint.ts).
 *
 *   create, edit (values, the claim set, the venue, status; also the dry run of PATCH), remove (a draft),
 *   addClaim / updateClaim / removeClaim, split ("this and following"), moveOccurrence,
 *   decideClaim (approve or decline), expireHold, trialWrite (a dry run's trial booking: trial.ts).
 *
 * The rules they share live once: the approval rule and claim checks (claims.rules.ts), the claim set
 * (claim-set.ts), the venue claim (venue-claim.ts), the status machine (status.ts) and saving a status
 * with its event (status.save.ts).
 */
export function bookingCommands(events: ActivityEvents, booking: BookingOptions, onDecided?: OnDecided) {
  const activity = activityCommands(events, booking);
  const claims = claimCommands(events, booking);
  const series = seriesCommands(events, booking);
  const approvals = approvalCommands(events, booking, onDecided);
  return {
    create: activity.create,
    edit: activity.edit,
    remove: activity.remove,
    addClaim: claims.add,
    updateClaim: claims.update,
    removeClaim: claims.remove,
    split: series.split,
    moveOccurrence: series.moveOccurrence,
    decideClaim: approvals.decideClaim,
    expireHold: approvals.expireHold,
    trialWrite: trialCommands(booking).trialWrite,
  };
}
export type BookingCommands = ReturnType<typeof bookingCommands>;
