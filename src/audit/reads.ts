import type { Queryable } from '../db/pool.ts';
import type { Actor } from '../shared/actor.ts';
import { insertAudit } from './audit.queries.ts';

/** The operations that show participants' personal data, named in each read's audit row (its "why"). */
export type PersonalRead =
  | 'GET /activities/{id}/registrations'
  | 'GET /activities/{id}/registrations.csv'
  | 'GET /activities/{id}/consents'
  | 'GET /occurrences/{id}/attendance'
  | 'GET /occurrences/{id}/attendance.csv'
  | 'GET /rosters/{date}'
  | 'GET /rosters/{date}/marks';

/**
 * Every read of participants' personal data (children's among them: docs/privacy.md) is accounted
 * for: one audit row per answer, with who (the actor), what (the registrations shown, by id) and
 * why (the operation). An answer showing nobody records nothing. Admins find the reads of one
 * person with GET /api/v1/audit?registrationId=….
 */
export async function recordRead(db: Queryable, actor: Actor, read: { operation: PersonalRead; entity: 'activity' | 'occurrence' | 'unit'; entityId: number; registrationIds: number[] }): Promise<void> {
  if (read.registrationIds.length === 0) return;
  await insertAudit(db, actor, { action: 'read', entity: read.entity, entityId: read.entityId, after: { registrationIds: read.registrationIds }, reason: read.operation });
}
