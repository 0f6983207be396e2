import type { Queryable } from '../db/pool.ts';

/**
 * The webhook outbox (`webhook_deliveries`) and its log (`webhook_attempts`). Like the email outbox
 * (src/notifications/outbox.queries.ts), statements take `now` from the injected clock.
 */

/** One delivery per enabled endpoint that chose the type and may hear the scope; a repeated event id is a no-op. */
export async function insertFanout(db: Queryable, e: { eventId: string; type: string; payload: unknown; scope: { unitIds: number[]; classIds: number[] }; now: string }): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, payload, available_at, created_at, updated_at)
     SELECT w.id, $1::text, $2::text, $3::jsonb, $4::timestamptz, $4::timestamptz, $4::timestamptz
       FROM webhook_endpoints w
      WHERE w.enabled AND $2::text = ANY (w.event_types)
        AND ((w.unit_id IS NULL AND w.class_id IS NULL) OR w.unit_id = ANY ($5::bigint[]) OR w.class_id = ANY ($6::bigint[]))
     ON CONFLICT (endpoint_id, event_id) DO NOTHING`,
    [e.eventId, e.type, JSON.stringify(e.payload), e.now, e.scope.unitIds, e.scope.classIds],
  );
  return rowCount ?? 0;
}

export interface LeasedWebhook {
  id: number;
  endpointId: number;
  eventId: string;
  eventType: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  attempts: number;
  partsDone: number;
  createdAt: string;
  kind: string;
  url: string;
  secret: string | null;
  previousSecret: string | null;
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;

/**
 * The lease: up to `limit` due rows no other worker holds (pending, or 'sending' with a lapsed lease),
 * of enabled endpoints, and for each endpoint no more than its `per_minute` minus what it was sent in
 * the last minute (a robot's rate limit: the rest waits in the queue, not dropped). SKIP LOCKED lets
 * workers lease side by side.
 */
export async function leaseDue(db: Queryable, workerId: string, now: string, leaseUntil: string, limit: number): Promise<LeasedWebhook[]> {
  const { rows } = await db.query<LeasedWebhook>(
    `WITH recent AS (
       -- Attempts in the last minute, and rows another worker holds right now (about to be attempted).
       SELECT endpoint_id, count(*)::int AS n FROM (
         SELECT a_d.endpoint_id FROM webhook_attempts a JOIN webhook_deliveries a_d ON a_d.id = a.delivery_id
          WHERE a.attempted_at > $2::timestamptz - interval '1 minute' AND a.attempted_at <= $2::timestamptz
         UNION ALL
         SELECT endpoint_id FROM webhook_deliveries WHERE status = 'sending' AND locked_until >= $2::timestamptz) r
        GROUP BY endpoint_id),
     due AS (
       SELECT d.id, d.endpoint_id, row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.available_at, d.id) AS rank
         FROM webhook_deliveries d
        WHERE d.status IN ('pending', 'sending') AND d.available_at <= $2::timestamptz
          AND (d.status = 'pending' OR d.locked_until < $2::timestamptz)),
     allowed AS (
       SELECT due.id FROM due JOIN webhook_endpoints w ON w.id = due.endpoint_id
         LEFT JOIN recent r ON r.endpoint_id = due.endpoint_id
        WHERE w.enabled AND due.rank <= w.per_minute - coalesce(r.n, 0)),
     picked AS (
       SELECT d.id FROM webhook_deliveries d WHERE d.id IN (SELECT id FROM allowed)
        ORDER BY d.available_at, d.id LIMIT $4::int
        FOR UPDATE SKIP LOCKED)
     UPDATE webhook_deliveries d
        SET status = 'sending', locked_by = $1::text, locked_until = $3::timestamptz, attempts = d.attempts + 1, updated_at = $2::timestamptz
       FROM picked, webhook_endpoints w
      WHERE d.id = picked.id AND w.id = d.endpoint_id
     RETURNING d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", d.event_type AS "eventType", d.payload, d.attempts, d.parts_done AS "partsDone",
               ${iso('d.created_at')} AS "createdAt", w.kind, w.url, w.secret,
               CASE WHEN w.previous_until > $2::timestamptz THEN w.previous_secret END AS "previousSecret"`,
    [workerId, now, leaseUntil, limit],
  );
  return rows;
}

/** One attempt in the log; written whatever its outcome, before the delivery's new state. */
export async function insertAttempt(db: Queryable, a: { deliveryId: number; now: string; status: number | null; error: string | null; durationMs: number }): Promise<void> {
  await db.query(
    `INSERT INTO webhook_attempts (delivery_id, attempted_at, response_status, error, duration_ms) VALUES ($1::bigint, $2::timestamptz, $3::int, $4::text, $5::int)`,
    [a.deliveryId, a.now, a.status, a.error?.slice(0, 500) ?? null, Math.round(a.durationMs)],
  );
}

/** The outcome of an attempt, recorded only by the lease holder. */
export async function markOutcome(
  db: Queryable,
  o: { id: number; workerId: string; now: string; status: 'sent' | 'pending' | 'failed'; availableAt?: string; responseStatus: number | null; error: string | null },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE webhook_deliveries
        SET status = $3::text, available_at = coalesce($4::timestamptz, available_at), last_status = $5::int, last_error = $6::text,
            sent_at = CASE WHEN $3::text = 'sent' THEN $7::timestamptz ELSE sent_at END,
            locked_by = NULL, locked_until = NULL, updated_at = $7::timestamptz
      WHERE id = $1::bigint AND locked_by = $2::text AND status = 'sending'`,
    [o.id, o.workerId, o.status, o.availableAt ?? null, o.responseStatus, o.error?.slice(0, 500) ?? null, o.now],
  );
  return rowCount === 1;
}

/** Hands leased but unsent rows back (graceful stop) without waiting for the lease. */
export async function release(db: Queryable, ids: number[], workerId: string, now: string): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = greatest(attempts - 1, 0), locked_by = NULL, locked_until = NULL, updated_at = $3::timestamptz
      WHERE id = ANY ($1::bigint[]) AND locked_by = $2::text AND status = 'sending'`,
    [ids, workerId, now],
  );
}

/** Turns an endpoint off for a reason Orrery found (410 Gone, a revoked robot key): its pending deliveries wait. */
export async function disableEndpoint(db: Queryable, id: number, reason: string, now: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2::text, updated_at = $3::timestamptz WHERE id = $1::bigint AND enabled`,
    [id, reason.slice(0, 500), now],
  );
  return rowCount === 1;
}

/** A part of a split message was acknowledged: a retry starts after it. */
export async function markPartDone(db: Queryable, id: number, workerId: string, partsDone: number, now: string): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries SET parts_done = $3::int, updated_at = $4::timestamptz WHERE id = $1::bigint AND locked_by = $2::text AND status = 'sending'`,
    [id, workerId, partsDone, now],
  );
}
