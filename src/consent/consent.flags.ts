import type { Queryable } from '../db/pool.ts';
import { consentByRegistration } from './consent.service.ts';

/**
 * The attendance list's flags from consent (attendance/ `RowFlagger`): a student whose guardian has
 * been asked and has not consented is flagged `consent_missing` (docs/consent.md).
 */
export async function consentFlags(db: Queryable, occurrenceId: number, registrationIds: number[]): Promise<Map<number, string[]>> {
  const consents = await consentByRegistration(db, occurrenceId);
  return new Map(registrationIds.filter((id) => consents.has(id) && consents.get(id) !== 'given').map((id) => [id, ['consent_missing']]));
}
