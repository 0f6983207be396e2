import type { Queryable } from '../db/pool.ts';

/** A delivery's kind: registered by the feature that sends it (./kinds.ts); the database checks its format only. */
export type DeliveryKind = string;

/**
 * The outbox (`deliveries`): one row per email, each with a unique `dedupe_key`. Statements take
 * `now` from the injected clock rather than the database's `now()`, so leases, retries and due
 * times follow the same clock as the rest of Orrery (and tests can move it).
 */
export interface NewDelivery {
  dedupeKey: string;
  kind: DeliveryKind;
  registrationId: number;
  activityId: number;
  sequence: number;
  method: 'REQUEST' | 'CANCEL' | null;
  recipient: string;
  availableAt: string;
  /** Facts the message needs beyond the registration (e.g. a certificate's code). */
  payload?: Record<string, string>;
}

/** Inserts once; a repeated cause (same key) is a no-op. Returns whether a row was added. */
export async function insertDelivery(db: Queryable, d: NewDelivery): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, activity_id, sequence, itip_method, recipient, available_at, payload)
     VALUES ($1::text, $2::text, $3::bigint, $4::bigint, $5::int, $6::text, $7::text, $8::timestamptz, COALESCE($9::jsonb, '{}'::jsonb))
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [d.dedupeKey, d.kind, d.registrationId, d.activityId, d.sequence, d.method, d.recipient, d.availableAt, d.payload ? JSON.stringify(d.payload) : null],
  );
  return rowCount === 1;
}

export interface LeasedDelivery {
  id: number;
  kind: string;
  attempts: number;
}

/**
 * The lease loop's one statement: take up to `limit` due rows no other worker holds — pending ones,
 * and 'sending' ones whose lease ran out (their worker died) — and lease them to this worker.
 * SKIP LOCKED lets several workers on several machines lease side by side without waiting or
 * leasing the same row twice; the committed 'sending' status is the mark made before SMTP.
 */
export async function leaseDue(db: Queryable, workerId: string, now: string, leaseUntil: string, limit: number): Promise<LeasedDelivery[]> {
  const { rows } = await db.query<LeasedDelivery>(
    `WITH picked AS (
       SELECT id FROM deliveries
        WHERE status IN ('pending', 'sending') AND available_at <= $2::timestamptz
          AND (status = 'pending' OR locked_until < $2::timestamptz)
        ORDER BY available_at, id
        LIMIT $4::int
        FOR UPDATE SKIP LOCKED)
     UPDATE deliveries d
        SET status = 'sending', locked_by = $1::text, locked_until = $3::timestamptz,
            attempts = d.attempts + 1, updated_at = $2::timestamptz
       FROM picked WHERE d.id = picked.id
     RETURNING d.id, d.kind, d.attempts`,
    [workerId, now, leaseUntil, limit],
  );
  return rows;
}

export interface SentRecord {
  id: number;
  messageId: string;
  response: string;
}

/**
 * Records accepted messages, a group per statement (one commit, not one per message). Only the
 * lease holder may; returns how many rows were still this worker's.
 */
export async function markSent(db: Queryable, workerId: string, now: string, sent: SentRecord[]): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE deliveries d SET status = 'sent', sent_at = $2::timestamptz, message_id = s.message_id, smtp_response = s.response,
            last_error = NULL, locked_by = NULL, locked_until = NULL, updated_at = $2::timestamptz
       FROM unnest($3::bigint[], $4::text[], $5::text[]) AS s (id, message_id, response)
      WHERE d.id = s.id AND d.locked_by = $1::text AND d.status = 'sending'`,
    [workerId, now, sent.map((r) => r.id), sent.map((r) => r.messageId), sent.map((r) => r.response.slice(0, 500))],
  );
  return rowCount ?? 0;
}

/** A temporary failure: back to pending, not before `retryAt`. */
export async function markRetry(db: Queryable, id: number, workerId: string, now: string, retryAt: string, error: string): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'pending', available_at = $4::timestamptz, last_error = $5::text,
            locked_by = NULL, locked_until = NULL, updated_at = $3::timestamptz
      WHERE id = $1::bigint AND locked_by = $2::text AND status = 'sending'`,
    [id, workerId, now, retryAt, error.slice(0, 500)],
  );
}

export async function markFailed(db: Queryable, id: number, workerId: string, now: string, error: string): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'failed', last_error = $4::text, locked_by = NULL, locked_until = NULL, updated_at = $3::timestamptz
      WHERE id = $1::bigint AND locked_by = $2::text AND status = 'sending'`,
    [id, workerId, now, error.slice(0, 500)],
  );
}

/** Claimed rows that need no email after all (left, superseded, occurrence already begun). */
export async function markSkipped(db: Queryable, ids: number[], workerId: string, now: string, reason: string): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'skipped', last_error = $4::text, locked_by = NULL, locked_until = NULL, updated_at = $3::timestamptz
      WHERE id = ANY ($1::bigint[]) AND locked_by = $2::text AND status = 'sending'`,
    [ids, workerId, now, reason],
  );
}

/** Hands leased but unsent rows back (graceful stop, lease running short) without waiting for the lease. */
export async function release(db: Queryable, ids: number[], workerId: string, now: string): Promise<void> {
  await db.query(
    `UPDATE deliveries SET status = 'pending', attempts = greatest(attempts - 1, 0), locked_by = NULL, locked_until = NULL,
            updated_at = $3::timestamptz
      WHERE id = ANY ($1::bigint[]) AND locked_by = $2::text AND status = 'sending'`,
    [ids, workerId, now],
  );
}

export interface DeliveryListRow {
  id: number;
  kind: DeliveryKind;
  status: string;
  registrationId: number | null;
  activityId: number;
  occurrenceId: number | null;
  rule: string | null;
  sequence: number;
  recipient: string;
  availableAt: string;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  messageId: string | null;
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;

export async function selectDeliveries(
  db: Queryable,
  f: { status?: string | undefined; kind?: string | undefined; activityId?: number | undefined; unitId?: number | undefined; cursor?: number | undefined; limit: number },
): Promise<DeliveryListRow[]> {
  const { rows } = await db.query<DeliveryListRow>(
    `SELECT d.id, d.kind, d.status, d.registration_id AS "registrationId", d.activity_id AS "activityId",
            d.occurrence_id AS "occurrenceId", d.rule, d.sequence, d.recipient, ${iso('d.available_at')} AS "availableAt",
            d.attempts, d.last_error AS "lastError", ${iso('d.sent_at')} AS "sentAt", d.message_id AS "messageId"
       FROM deliveries d JOIN activities a ON a.id = d.activity_id
      WHERE ($1::text IS NULL OR d.status = $1::text)
        AND ($2::text IS NULL OR d.kind = $2::text)
        AND ($3::bigint IS NULL OR d.activity_id = $3::bigint)
        AND ($4::bigint IS NULL OR a.organizer_unit_id = $4::bigint)
        AND ($5::bigint IS NULL OR d.id < $5::bigint)
      ORDER BY d.id DESC
      LIMIT $6::int`,
    [f.status ?? null, f.kind ?? null, f.activityId ?? null, f.unitId ?? null, f.cursor ?? null, f.limit + 1],
  );
  return rows;
}

/** Puts a failed delivery back in the queue (an organizer fixed the address or the relay). */
export async function requeueFailed(db: Queryable, id: number, now: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE deliveries SET status = 'pending', available_at = $2::timestamptz, attempts = 0, updated_at = $2::timestamptz
      WHERE id = $1::bigint AND status = 'failed'`,
    [id, now],
  );
  return rowCount === 1;
}

export async function selectDeliveryUnit(db: Queryable, id: number): Promise<{ unitId: number; status: string } | undefined> {
  const { rows } = await db.query<{ unitId: number; status: string }>(
    `SELECT a.organizer_unit_id AS "unitId", d.status FROM deliveries d JOIN activities a ON a.id = d.activity_id WHERE d.id = $1::bigint`,
    [id],
  );
  return rows[0];
}

/**
 * A prepared message (rendered by its cause and stored whole: subject and bodies) to a staff member
 * about an activity, e.g. readiness (src/readiness/). Loans store theirs with the loan
 * (loans/overdue.queries.ts). Inserted once per dedupe key; returns whether a row was added.
 */
export interface PreparedStaffDelivery {
  dedupeKey: string;
  kind: string;
  userId: number;
  activityId: number;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  contentLanguage: string;
  availableAt: string;
}

export async function insertPreparedStaffDelivery(db: Queryable, d: PreparedStaffDelivery): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, user_id, activity_id, recipient, subject, body_text, body_html, available_at, payload)
     VALUES ($1::text, $2::text, $3::bigint, $4::bigint, $5::text, $6::text, $7::text, $8::text, $9::timestamptz, jsonb_build_object('contentLanguage', $10::text))
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [d.dedupeKey, d.kind, d.userId, d.activityId, d.recipient, d.subject, d.text, d.html, d.availableAt, d.contentLanguage],
  );
  return rowCount === 1;
}

/**
 * A prepared message to a person about themselves, not an activity (the family's link and the
 * erasure confirmation, src/privacy/): attached to one of their registrations, so the erasure of
 * that registration cancels or scrubs it like the rest of their emails.
 */
export interface PreparedPersonDelivery {
  dedupeKey: string;
  kind: string;
  registrationId: number;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  contentLanguage: string;
  availableAt: string;
}

export async function insertPreparedPersonDelivery(db: Queryable, d: PreparedPersonDelivery): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, registration_id, recipient, subject, body_text, body_html, available_at, payload)
     VALUES ($1::text, $2::text, $3::bigint, $4::text, $5::text, $6::text, $7::text, $8::timestamptz, jsonb_build_object('contentLanguage', $9::text))
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [d.dedupeKey, d.kind, d.registrationId, d.recipient, d.subject, d.text, d.html, d.availableAt, d.contentLanguage],
  );
  return rowCount === 1;
}

export interface PreparedMessage {
  id: number;
  kind: string;
  dedupeKey: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  contentLanguage: string;
}

/** Leased prepared deliveries with their stored message (a family of prepared kinds reads with this). */
export async function selectPrepared(db: Queryable, ids: number[]): Promise<PreparedMessage[]> {
  const { rows } = await db.query<PreparedMessage>(
    `SELECT d.id, d.kind, d.dedupe_key AS "dedupeKey", d.recipient, d.subject, d.body_text AS text, d.body_html AS html,
            -- Rows queued before the payload carried it were all bilingual overdue-loan emails.
            coalesce(d.payload->>'contentLanguage', 'zh-CN, en') AS "contentLanguage"
       FROM deliveries d WHERE d.id = ANY ($1::bigint[]) AND d.subject IS NOT NULL ORDER BY d.available_at, d.id`,
    [ids],
  );
  return rows;
}
