import type { Queryable } from '../db/pool.ts';

/** A participant's personal feed goes with the last of their registrations that held personal data. */
export async function deleteParticipantFeeds(db: Queryable, emails: string[]): Promise<number> {
  if (emails.length === 0) return 0;
  return (await db.query(`DELETE FROM feeds WHERE type = 'participant' AND owner_email = ANY ($1::text[])`, [emails])).rowCount ?? 0;
}
