import type { Queryable } from '../db/pool.ts';

/** What the allocation core needs of an offer's applications: the school's district and the class. */
export interface ApplicationInput {
  id: number; schoolUnitId: number; district: string | null; classId: number; classSize: number; preferences: number[]; createdAt: string;
}

export async function selectApplicationInputs(db: Queryable, offerId: number): Promise<ApplicationInput[]> {
  const { rows } = await db.query<ApplicationInput>(
    `SELECT a.id, a.school_unit_id AS "schoolUnitId", u.district, a.class_id AS "classId", a.class_size AS "classSize",
            a.preferences::float8[] AS preferences, to_json(a.created_at)#>>'{}' AS "createdAt"
       FROM applications a JOIN units u ON u.id = a.school_unit_id
      WHERE a.offer_id = $1::bigint ORDER BY a.id`,
    [offerId],
  );
  return rows;
}

/** Places each school already holds in other offers of the term (for term priority). */
export async function selectTermPlaces(db: Queryable, offerId: number): Promise<Record<string, number>> {
  const { rows } = await db.query<{ school: number; places: number }>(
    `SELECT a.school_unit_id AS school, count(*)::int AS places
       FROM applications a JOIN offers o ON o.id = a.offer_id
      WHERE o.term = (SELECT term FROM offers WHERE id = $1::bigint) AND o.id <> $1::bigint AND a.state = 'placed'
      GROUP BY a.school_unit_id`,
    [offerId],
  );
  return Object.fromEntries(rows.map((r) => [String(r.school), r.places]));
}

export async function selectUnitTimeZone(db: Queryable, unitId: number): Promise<string> {
  const { rows } = await db.query<{ timeZone: string }>(`SELECT time_zone AS "timeZone" FROM units WHERE id = $1::bigint`, [unitId]);
  return rows[0]!.timeZone;
}

/** Records every application's decision and marks the offer allocated, in the caller's transaction. */
export async function storeDecisions(db: Queryable, offerId: number, decisions: { id: number; state: string; slotId: number | null; explanation: unknown }[], fairness: unknown): Promise<void> {
  await db.query(
    `UPDATE applications a SET state = d.state, slot_id = d.slot_id, explanation = d.explanation, updated_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS d (id bigint, state text, slot_id bigint, explanation jsonb)
      WHERE a.id = d.id AND a.offer_id = $1::bigint`,
    [offerId, JSON.stringify(decisions.map((d) => ({ id: d.id, state: d.state, slot_id: d.slotId, explanation: d.explanation })))],
  );
  await db.query(`UPDATE offers SET state = 'allocated', allocated_at = now(), fairness = $2::jsonb, updated_at = now() WHERE id = $1::bigint`, [offerId, JSON.stringify(fairness)]);
}

/** The placed classes of one slot not booked yet (a slot is booked once: its applications then carry the activity). */
export async function selectUnbookedPlaced(db: Queryable, slotId: number): Promise<{ id: number; classId: number }[]> {
  const { rows } = await db.query<{ id: number; classId: number }>(
    `SELECT id, class_id AS "classId" FROM applications WHERE slot_id = $1::bigint AND state = 'placed' AND activity_id IS NULL ORDER BY id FOR UPDATE`,
    [slotId],
  );
  return rows;
}

export async function setBooked(db: Queryable, applicationIds: number[], activityId: number): Promise<void> {
  await db.query(`UPDATE applications SET activity_id = $2::bigint, updated_at = now() WHERE id = ANY ($1::bigint[])`, [applicationIds, activityId]);
}

/** A slot the engine refused: its classes lose the place, the reason kept in the explanation. */
export async function setBookingRefused(db: Queryable, applicationIds: number[], code: string): Promise<void> {
  await db.query(
    `UPDATE applications SET state = 'not_placed', slot_id = NULL, updated_at = now(),
            explanation = jsonb_set(explanation, '{outcome}', jsonb_build_object('code', 'booking_refused', 'reason', $2::text, 'slotId', slot_id::text))
      WHERE id = ANY ($1::bigint[])`,
    [applicationIds, code],
  );
}
