import type { Actor } from '../shared/actor.ts';
import { prepared } from '../db/prepared.ts';
import type { Queryable } from '../db/pool.ts';


export interface AuditEntry {
  action: string;
  entity: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export async function insertAudit(db: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.query(prepared(
    `INSERT INTO audit_log (actor, action, entity, entity_id, before, after, request_id, reason)
     VALUES ($1::text, $2::text, $3::text, $4::bigint, $5::jsonb, $6::jsonb, $7::text, $8::text)`,
    [
      actor.label,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
      actor.requestId ?? null,
      entry.reason ?? null,
    ],
  ));
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  reason: string | null;
}

export async function selectAudit(
  db: Queryable,
  filter: { entity?: string | undefined; entityId?: number | undefined; actor?: string | undefined; registrationId?: number | undefined; limit: number; cursor?: number | undefined },
): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `SELECT id, to_json(at)#>>'{}' AS at, actor, action, entity, entity_id AS "entityId", before, after,
            request_id AS "requestId", reason
       FROM audit_log
      WHERE ($1::text IS NULL OR entity = $1::text)
        AND ($2::bigint IS NULL OR entity_id = $2::bigint)
        AND ($3::text IS NULL OR actor = $3::text)
        AND ($4::bigint IS NULL OR id < $4::bigint)
        AND ($6::bigint IS NULL OR (entity IN ('registration', 'consent', 'attendance') AND entity_id = $6::bigint)
             OR (action = 'read' AND after->'registrationIds' @> to_jsonb($6::bigint)))
      ORDER BY id DESC
      LIMIT $5::int`,
    [filter.entity ?? null, filter.entityId ?? null, filter.actor ?? null, filter.cursor ?? null, filter.limit + 1, filter.registrationId ?? null],
  );
  return rows;
}
