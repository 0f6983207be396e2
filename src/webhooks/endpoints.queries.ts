import type { Queryable } from '../db/pool.ts';

/** Webhook endpoints and group robots (`webhook_endpoints`); the secret is read only to sign, never listed. */
export interface EndpointRow {
  id: number;
  kind: string;
  url: string;
  description: string;
  eventTypes: string[];
  unitId: number | null;
  classId: number | null;
  enabled: boolean;
  disabledReason: string | null;
  perMinute: number;
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
  /** Deliveries that failed in the last 7 days and those waiting after a failed attempt. */
  failing: number;
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;
const COLUMNS = `w.id, w.kind, w.url, w.description, w.event_types AS "eventTypes", w.unit_id AS "unitId", w.class_id AS "classId",
  w.enabled, w.disabled_reason AS "disabledReason", w.per_minute AS "perMinute", (w.secret IS NOT NULL) AS "hasSecret",
  ${iso('w.created_at')} AS "createdAt", ${iso('w.updated_at')} AS "updatedAt",
  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.endpoint_id = w.id
      AND ((d.status = 'failed' AND d.updated_at > w.updated_at - interval '7 days') OR (d.status = 'pending' AND d.last_error IS NOT NULL))) AS failing`;

export interface NewEndpoint {
  kind: string;
  url: string;
  description: string;
  eventTypes: string[];
  secret: string | null;
  unitId: number | null;
  classId: number | null;
  perMinute: number;
  now: string;
}

export async function insertEndpoint(db: Queryable, e: NewEndpoint): Promise<EndpointRow> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO webhook_endpoints (kind, url, description, event_types, secret, unit_id, class_id, per_minute, created_at, updated_at)
     VALUES ($1::text, $2::text, $3::text, $4::text[], $5::text, $6::bigint, $7::bigint, $8::int, $9::timestamptz, $9::timestamptz) RETURNING id`,
    [e.kind, e.url, e.description, e.eventTypes, e.secret, e.unitId, e.classId, e.perMinute, e.now],
  );
  return (await selectEndpoint(db, rows[0]!.id))!;
}

export async function selectEndpoint(db: Queryable, id: number): Promise<EndpointRow | undefined> {
  const { rows } = await db.query<EndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints w WHERE w.id = $1::bigint`, [id]);
  return rows[0];
}

/** Endpoints of some kinds, optionally of a unit (its own robots and its classes') or a class. */
export async function selectEndpoints(db: Queryable, f: { kinds: string[]; unitId?: number | undefined; classId?: number | undefined }): Promise<EndpointRow[]> {
  const { rows } = await db.query<EndpointRow>(
    `SELECT ${COLUMNS} FROM webhook_endpoints w LEFT JOIN classes c ON c.id = w.class_id
      WHERE w.kind = ANY ($1::text[])
        AND ($2::bigint IS NULL OR w.unit_id = $2::bigint OR c.unit_id = $2::bigint)
        AND ($3::bigint IS NULL OR w.class_id = $3::bigint)
      ORDER BY w.id`,
    [f.kinds, f.unitId ?? null, f.classId ?? null],
  );
  return rows;
}

export async function updateEndpoint(
  db: Queryable,
  id: number,
  p: { url?: string | undefined; description?: string | undefined; eventTypes?: string[] | undefined; enabled?: boolean | undefined; secret?: string | null | undefined; now: string },
): Promise<void> {
  await db.query(
    `UPDATE webhook_endpoints
        SET url = coalesce($2::text, url), description = coalesce($3::text, description), event_types = coalesce($4::text[], event_types),
            enabled = coalesce($5::boolean, enabled),
            disabled_reason = CASE WHEN $5::boolean IS NOT NULL THEN NULL ELSE disabled_reason END,
            secret = CASE WHEN $6::boolean THEN $7::text ELSE secret END,
            updated_at = $8::timestamptz
      WHERE id = $1::bigint`,
    [id, p.url ?? null, p.description ?? null, p.eventTypes ?? null, p.enabled ?? null, p.secret !== undefined, p.secret ?? null, p.now],
  );
}

/** A new secret; the previous one still signs (a second signature) until `previousUntil`. */
export async function rotateSecret(db: Queryable, id: number, secret: string, previousUntil: string, now: string): Promise<void> {
  await db.query(
    `UPDATE webhook_endpoints SET previous_secret = secret, previous_until = $3::timestamptz, secret = $2::text, updated_at = $4::timestamptz WHERE id = $1::bigint`,
    [id, secret, previousUntil, now],
  );
}

export async function deleteEndpoint(db: Queryable, id: number): Promise<void> {
  await db.query(`DELETE FROM webhook_endpoints WHERE id = $1::bigint`, [id]);
}

export interface DeliveryLogRow {
  id: number;
  endpointId: number;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  availableAt: string;
  sentAt: string | null;
  createdAt: string;
}

const DELIVERY_COLUMNS = `d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", d.event_type AS "eventType", d.status, d.attempts,
  d.last_status AS "lastStatus", d.last_error AS "lastError", ${iso('d.available_at')} AS "availableAt", ${iso('d.sent_at')} AS "sentAt", ${iso('d.created_at')} AS "createdAt"`;

export async function selectDeliveryLog(db: Queryable, f: { endpointId: number; status?: string | undefined; cursor?: number | undefined; limit: number }): Promise<DeliveryLogRow[]> {
  const { rows } = await db.query<DeliveryLogRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
      WHERE d.endpoint_id = $1::bigint AND ($2::text IS NULL OR d.status = $2::text) AND ($3::bigint IS NULL OR d.id < $3::bigint)
      ORDER BY d.id DESC LIMIT $4::int`,
    [f.endpointId, f.status ?? null, f.cursor ?? null, f.limit + 1],
  );
  return rows;
}

export async function selectDelivery(db: Queryable, id: number): Promise<(DeliveryLogRow & { payload: unknown }) | undefined> {
  const { rows } = await db.query<DeliveryLogRow & { payload: unknown }>(`SELECT ${DELIVERY_COLUMNS}, d.payload FROM webhook_deliveries d WHERE d.id = $1::bigint`, [id]);
  return rows[0];
}

export interface AttemptRow {
  attemptedAt: string;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

export async function selectAttempts(db: Queryable, deliveryId: number): Promise<AttemptRow[]> {
  const { rows } = await db.query<AttemptRow>(
    `SELECT ${iso('attempted_at')} AS "attemptedAt", response_status AS "responseStatus", error, duration_ms AS "durationMs"
       FROM webhook_attempts WHERE delivery_id = $1::bigint ORDER BY id`,
    [deliveryId],
  );
  return rows;
}

/** Replay: the same event (same webhook-id) queued again from its first part; not while it is being sent. */
export async function requeue(db: Queryable, id: number, now: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, parts_done = 0, available_at = $2::timestamptz, updated_at = $2::timestamptz
      WHERE id = $1::bigint AND status IN ('sent', 'failed')`,
    [id, now],
  );
  return rowCount === 1;
}

export async function selectClassUnit(db: Queryable, classId: number): Promise<number | undefined> {
  const { rows } = await db.query<{ unitId: number }>(`SELECT unit_id AS "unitId" FROM classes WHERE id = $1::bigint`, [classId]);
  return rows[0]?.unitId;
}
