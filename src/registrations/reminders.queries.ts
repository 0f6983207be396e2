import type { Queryable } from '../db/pool.ts';

/**
 * Statements that derive the outbox from registrations and activities. Each is idempotent: run
 * twice for the same state it adds nothing, so listeners can reconcile instead of trusting events.
 */

/** Kinds that carry a METHOD:REQUEST invitation. */
const INVITING = `('confirmation', 'promotion', 'change')`;

/*
 * An invitation counts for the activity it was sent for: a per-session registration that moved to a
 * split's following part starts again under that part's UID and SEQUENCE. A notice marked skipped
 * with `toldIn` was told inside another email (a split tells both parts at once, see
 * registrations/split.ts) and counts as sent.
 *
 * `heldChanged` narrows per-occurrence registrations (docs/registrations.md#sessions) to those
 * holding one of these occurrences: the others' invitation (their one occurrence) did not change.
 * null: everyone (a change of the whole activity).
 *
 * Change notices: every confirmed registration whose latest invitation (sent or queued) is older
 * than the activity's SEQUENCE gets one. Invitations still queued are first brought up to the
 * current SEQUENCE, since they render the current state anyway: one email instead of two.
 */
export async function enqueueChangeNotices(db: Queryable, activityId: number, sequence: number, now: string, heldChanged: number[] | null = null): Promise<number> {
  await db.query(
    `UPDATE deliveries d SET sequence = $2::int + r.sequence_offset, updated_at = $3::timestamptz
       FROM registrations r
      WHERE d.registration_id = r.id AND r.activity_id = $1::bigint AND d.kind IN ${INVITING}
        AND d.status = 'pending' AND d.sequence < $2::int + r.sequence_offset`,
    [activityId, sequence, now],
  );
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, sequence, itip_method, recipient, available_at)
     SELECT 'change:' || r.id || ':' || ($2::int + r.sequence_offset), 'change', r.id, r.activity_id,
            $2::int + r.sequence_offset, 'REQUEST', r.email, $3::timestamptz
       FROM registrations r
      WHERE r.activity_id = $1::bigint AND r.status = 'confirmed'
        AND (r.occurrence_id IS NULL OR $4::bigint[] IS NULL OR r.occurrence_id = ANY ($4::bigint[]))
        AND NOT EXISTS (SELECT 1 FROM deliveries d
                         WHERE d.registration_id = r.id AND d.activity_id = r.activity_id AND d.kind IN ${INVITING}
                           AND (d.status IN ('pending', 'sending', 'sent') OR (d.status = 'skipped' AND d.payload ? 'toldIn'))
                           AND d.sequence >= $2::int + r.sequence_offset)
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [activityId, sequence, now, heldChanged],
  );
  return rowCount ?? 0;
}

/**
 * The activity was cancelled: queued messages that would now mislead are skipped (reminders are
 * dropped, so they return if the activity is restored), and everyone registered or waiting is told.
 */
export async function enqueueActivityCancellation(db: Queryable, activityId: number, sequence: number, now: string): Promise<number> {
  await db.query(
    `UPDATE deliveries SET status = CASE WHEN kind = 'reminder' THEN 'cancelled' ELSE 'skipped' END,
            last_error = 'superseded: the activity was cancelled', updated_at = $2::timestamptz
      WHERE activity_id = $1::bigint AND status = 'pending'
        AND kind IN ('confirmation', 'waitlisted', 'promotion', 'change', 'reminder')`,
    [activityId, now],
  );
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, sequence, itip_method, recipient, available_at)
     SELECT 'activity_cancelled:' || r.id || ':' || ($2::int + r.sequence_offset), 'activity_cancelled', r.id, r.activity_id,
            $2::int + r.sequence_offset, CASE WHEN r.status = 'confirmed' THEN 'CANCEL' END, r.email, $3::timestamptz
       FROM registrations r
      WHERE r.activity_id = $1::bigint AND r.status IN ('confirmed', 'waitlisted')
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [activityId, sequence, now],
  );
  return rowCount ?? 0;
}

/** A participant left: what was queued for them is moot (reminders dropped, the rest skipped). */
export async function supersedeForRegistration(db: Queryable, registrationId: number, now: string): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = CASE WHEN kind = 'reminder' THEN 'cancelled' ELSE 'skipped' END,
            last_error = 'superseded: the registration was cancelled', updated_at = $2::timestamptz
      WHERE registration_id = $1::bigint AND status = 'pending'
        AND kind IN ('confirmation', 'waitlisted', 'promotion', 'change', 'reminder')`,
    [registrationId, now],
  );
}

export interface ReminderRecipient {
  id: number;
  email: string;
  timeZone: string;
  /** A per-occurrence registration is reminded of its occurrence only (migration 0019). */
  occurrenceId: number | null;
}

/** Confirmed registrations that still want reminders (one, or all of the activity's). */
export async function selectReminderRecipients(db: Queryable, activityId: number, registrationId: number | null): Promise<ReminderRecipient[]> {
  const { rows } = await db.query<ReminderRecipient>(
    `SELECT id, email, time_zone AS "timeZone", occurrence_id AS "occurrenceId" FROM registrations
      WHERE activity_id = $1::bigint AND status = 'confirmed' AND reminders_enabled
        AND ($2::bigint IS NULL OR id = $2::bigint)`,
    [activityId, registrationId],
  );
  return rows;
}

export async function selectUpcomingOccurrences(db: Queryable, activityId: number, now: string): Promise<{ id: number; startsAt: string }[]> {
  const { rows } = await db.query<{ id: number; startsAt: string }>(
    `SELECT id, to_json(starts_at)#>>'{}' AS "startsAt" FROM occurrences
      WHERE activity_id = $1::bigint AND status = 'scheduled' AND starts_at > $2::timestamptz
      ORDER BY starts_at`,
    [activityId, now],
  );
  return rows;
}

export interface ReminderRow {
  occurrenceId: number;
  registrationId: number;
  rule: string;
  recipient: string;
  dueAt: string;
}

/**
 * Writes the planned reminders: new ones are added, pending ones move to their new due time, and
 * dropped ones come back. Sent or skipped reminders are never touched: their key stays used.
 */
export async function upsertReminders(db: Queryable, activityId: number, rows: ReminderRow[], now: string): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, occurrence_id, rule, recipient, available_at)
     SELECT 'reminder:' || occ || ':' || reg || ':' || rule, 'reminder', reg, $1::bigint, occ, rule, recipient, due
       FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[]) AS p (occ, reg, rule, recipient, due)
     ON CONFLICT (dedupe_key) DO UPDATE
        SET available_at = EXCLUDED.available_at, recipient = EXCLUDED.recipient, status = 'pending',
            last_error = NULL, updated_at = $7::timestamptz
      WHERE deliveries.status IN ('pending', 'cancelled')
        AND (deliveries.status = 'cancelled' OR deliveries.available_at <> EXCLUDED.available_at
             OR deliveries.recipient <> EXCLUDED.recipient)`,
    [activityId, rows.map((r) => r.occurrenceId), rows.map((r) => r.registrationId), rows.map((r) => r.rule),
      rows.map((r) => r.recipient), rows.map((r) => r.dueAt), now],
  );
}

/** Drops pending reminders of the activity (or one registration) that are no longer planned. */
export async function dropRemindersExcept(db: Queryable, activityId: number, registrationId: number | null, keep: string[], now: string): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE deliveries SET status = 'cancelled', updated_at = $4::timestamptz
      WHERE activity_id = $1::bigint AND kind = 'reminder' AND status = 'pending'
        AND ($2::bigint IS NULL OR registration_id = $2::bigint)
        AND NOT (dedupe_key = ANY ($3::text[]))`,
    [activityId, registrationId, keep, now],
  );
  return rowCount ?? 0;
}

export function reminderKey(occurrenceId: number, registrationId: number, rule: string): string {
  return `reminder:${occurrenceId}:${registrationId}:${rule}`;
}

/**
 * A split tells a participant about both parts in one email (registrations/split.ts): this records
 * the original part's updated invitation as carried by that email (`toldIn`, its dedupe key), so
 * the original part's own change notice is not sent a second time.
 */
export async function insertToldElsewhere(db: Queryable, d: { registrationId: number; activityId: number; sequence: number; recipient: string; toldIn: string; now: string }): Promise<void> {
  await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, sequence, itip_method, recipient, available_at, status, last_error, payload)
     VALUES ('change:' || $1::bigint || ':' || $3::int, 'change', $1::bigint, $2::bigint, $3::int, 'REQUEST', $4::text, $6::timestamptz,
             'skipped', 'told in ' || $5::text, jsonb_build_object('toldIn', $5::text))
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [d.registrationId, d.activityId, d.sequence, d.recipient, d.toldIn, d.now],
  );
}

/**
 * Registrations that moved to a split's following part: queued invitations of the old part would
 * render the new one under a SEQUENCE that is not its own, so they give way to the split's notice;
 * reminders (of the moved session) move with the registration.
 */
export async function handOverDeliveries(db: Queryable, registrationIds: number[], toActivityId: number, now: string): Promise<void> {
  if (registrationIds.length === 0) return;
  await db.query(
    `UPDATE deliveries SET status = 'skipped', last_error = 'superseded: the session moved to the following part of a split', updated_at = $2::timestamptz
      WHERE registration_id = ANY ($1::bigint[]) AND status = 'pending' AND kind IN ${INVITING}`,
    [registrationIds, now],
  );
  await db.query(
    `UPDATE deliveries SET activity_id = $2::bigint, updated_at = $3::timestamptz
      WHERE registration_id = ANY ($1::bigint[]) AND kind = 'reminder'`,
    [registrationIds, toActivityId, now],
  );
}
