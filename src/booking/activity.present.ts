import type { Pool, PoolClient } from '../db/pool.ts';
import { found } from '../shared/errors.ts';
import { inZone } from '../shared/time.ts';
import type { Claim } from './claims.schema.ts';
import type { Activity } from './activity.schema.ts';
import { selectActivityWithClaims, type ActivityRow } from './activity.queries.ts';
import type { OccurrenceRow } from './occurrences.queries.ts';
import type { Occurrence } from './occurrences.schema.ts';

/** An activity as the API shows it: instants with the offset of its zone, its claims beside it. */
export function presentActivity({ everConfirmed: _internal, ...row }: ActivityRow, claims: Claim[]): Activity {
  return {
    ...row,
    startsAt: inZone(row.startsAt, row.timeZone),
    endsAt: inZone(row.endsAt, row.timeZone),
    holdExpiresAt: row.holdExpiresAt && inZone(row.holdExpiresAt, row.timeZone),
    meetingAt: row.meetingAt && inZone(row.meetingAt, row.timeZone),
    claims: claims.filter((c) => c.activityId === row.id),
  };
}

/** An activity with its claims, as the API shows it (every command's answer and audit row). */
export async function loadActivity(db: Pool | PoolClient, id: number): Promise<Activity> {
  const { claims, ...row } = found(await selectActivityWithClaims(db, id), 'activity', id);
  return presentActivity(row, claims);
}

export function presentOccurrence(o: OccurrenceRow, zone: string): Occurrence {
  return { ...o, originalStartsAt: inZone(o.originalStartsAt, zone), startsAt: inZone(o.startsAt, zone), endsAt: inZone(o.endsAt, zone) };
}
