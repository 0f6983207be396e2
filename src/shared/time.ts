import { DateTime } from 'luxon';

/** Instants are shown with the offset of the activity's own zone, so the local time is readable. */
export function inZone(utcIso: string, zone: string): string {
  return DateTime.fromISO(utcIso, { zone: 'utc' }).setZone(zone).toISO({ suppressMilliseconds: true })!;
}

/** An ISO instant with its own offset kept (setZone), e.g. from a request body. */
export function toDateTime(value: string): DateTime {
  return DateTime.fromISO(value, { setZone: true });
}
