import { DateTime } from 'luxon';
import type { Claim } from '../booking/claims.schema.ts';
import { inZone } from '../shared/time.ts';
import type { Activity } from './activities.schema.ts';
import type { ActivityRow } from './activities.queries.ts';

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

export function encodeCursor(row: { startsAt: string; id: number }): string {
  return Buffer.from(`${row.startsAt}|${row.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): { startsAt: string; id: number } | undefined {
  if (!cursor) return undefined;
  const [startsAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const parsed = Number(id);
  if (!startsAt || !DateTime.fromISO(startsAt).isValid || !Number.isSafeInteger(parsed)) return undefined;
  return { startsAt, id: parsed };
}
