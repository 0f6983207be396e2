import { DateTime } from 'luxon';

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
