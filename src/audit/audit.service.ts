import { z } from 'zod';
import type { Pool } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { idParam, pageQuery } from '../http/schemas.ts';
import { page } from '../shared/paging.ts';
import { requireAdmin } from '../shared/policy.ts';
import { selectAudit } from './audit.queries.ts';

export const auditQuery = z.strictObject({
  entity: z.string().max(40).optional(),
  entityId: idParam.optional(),
  actor: z.string().max(100).optional(),
  registrationId: idParam.optional().meta({ description: "Everything recorded about one registration: its changes and every read that showed it (who read a child's data)" }),
  ...pageQuery,
});

/** The export takes the same filters, without paging: at most this many rows, newest first. */
export const AUDIT_CSV_LIMIT = 50_000;
export const auditCsvQuery = auditQuery.omit({ limit: true, cursor: true });

/** Reading the audit log is an admin's right. */
export function auditService(pool: Pool) {
  return {
    async list(actor: Actor, query: z.infer<typeof auditQuery>) {
      requireAdmin(actor);
      return page(await selectAudit(pool, query), query.limit);
    },
    /** The log as an export (GET /audit.csv): the rows newest first, at most AUDIT_CSV_LIMIT. */
    async all(actor: Actor, query: z.infer<typeof auditCsvQuery>) {
      requireAdmin(actor);
      return (await selectAudit(pool, { ...query, limit: AUDIT_CSV_LIMIT })).slice(0, AUDIT_CSV_LIMIT);
    },
  };
}
