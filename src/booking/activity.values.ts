import { ValidationError } from '../shared/errors.ts';
import { toDateTime } from '../shared/time.ts';
import type { ActivityRow, ActivityValues } from './activity.queries.ts';
import type { ActivityUpdate } from './activity.schema.ts';

/** Rules about an activity's values, shared by booking's commands (create, edit, split). */

/** Changes that matter to an attendee raise the iCalendar SEQUENCE (shared by feeds and invitations). */
export function attendeeRelevantChange(before: ActivityRow, after: ActivityValues): boolean {
  return (
    toDateTime(before.startsAt).toMillis() !== toDateTime(after.startsAt).toMillis() ||
    toDateTime(before.endsAt).toMillis() !== toDateTime(after.endsAt).toMillis() ||
    before.timeZone !== after.timeZone ||
    before.allDay !== after.allDay ||
    before.venueId !== after.venueId ||
    before.status !== after.status ||
    before.recurrenceRule !== after.recurrenceRule
  );
}

export function timingChanged(before: ActivityRow, after: ActivityValues): boolean {
  return (
    toDateTime(before.startsAt).toMillis() !== toDateTime(after.startsAt).toMillis() ||
    toDateTime(before.endsAt).toMillis() !== toDateTime(after.endsAt).toMillis() ||
    before.timeZone !== after.timeZone || before.allDay !== after.allDay || before.recurrenceRule !== after.recurrenceRule
  );
}

/** The stored row as values for an update. */
export function valuesOfRow(row: ActivityRow): ActivityValues {
  return {
    kind: row.kind, titleZh: row.title['zh-CN'], titleEn: row.title.en,
    descriptionZh: row.description['zh-CN'], descriptionEn: row.description.en,
    organizerUnitId: row.organizerUnitId, venueId: row.venueId, startsAt: row.startsAt, endsAt: row.endsAt,
    timeZone: row.timeZone, allDay: row.allDay, status: row.status, visibility: row.visibility, capacity: row.capacity,
    audienceGrades: row.audienceGrades, languages: row.languages, sequence: row.sequence,
    recurrenceRule: row.recurrenceRule, holdExpiresAt: row.holdExpiresAt,
  };
}

export function merge(before: ActivityRow, patch: ActivityUpdate): ActivityValues {
  const values: ActivityValues = {
    ...valuesOfRow(before),
    kind: patch.kind ?? before.kind,
    titleZh: patch.title?.['zh-CN'] ?? before.title['zh-CN'],
    titleEn: patch.title?.en ?? before.title.en,
    descriptionZh: patch.description?.['zh-CN'] ?? before.description['zh-CN'],
    descriptionEn: patch.description?.en ?? before.description.en,
    venueId: patch.venueId === undefined ? before.venueId : patch.venueId,
    startsAt: patch.startsAt ?? before.startsAt,
    endsAt: patch.endsAt ?? before.endsAt,
    timeZone: patch.timeZone ?? before.timeZone,
    allDay: patch.allDay ?? before.allDay,
    status: patch.status ?? before.status,
    visibility: patch.visibility ?? before.visibility,
    capacity: patch.capacity === undefined ? before.capacity : patch.capacity,
    audienceGrades: patch.audienceGrades ?? before.audienceGrades,
    languages: patch.languages ?? before.languages,
    recurrenceRule: patch.recurrenceRule === undefined ? before.recurrenceRule : patch.recurrenceRule,
  };
  if (toDateTime(values.endsAt) <= toDateTime(values.startsAt)) {
    throw new ValidationError('Invalid activity times', [{ path: 'body.endsAt', message: 'must be after startsAt' }]);
  }
  if (patch.meetingAt) {
    const gap = toDateTime(values.startsAt).diff(toDateTime(patch.meetingAt), 'hours').hours;
    if (gap < 0 || gap > 24) throw new ValidationError('Invalid meeting time', [{ path: 'body.meetingAt', message: 'must be at most 24 hours before startsAt, and not after it' }]);
  }
  return values;
}
