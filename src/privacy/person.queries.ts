import type { Queryable } from '../db/pool.ts';

/**
 * One person's rows, found by address: the registrations made with it (the participant) and those
 * whose guardian consent it answers for (the guardian). Reads only; the changes go through the
 * statements of the feature owning each table (the `erasure.queries.ts` files, `registrations/leave.ts`).
 */
export interface PersonRegistration {
  id: number;
  activityId: number;
  organizerUnitId: number;
  titleZh: string;
  titleEn: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  relation: 'participant' | 'guardian';
  name: string;
  email: string;
  role: string;
  grade: number | null;
  class: string | null;
  language: 'zh-CN' | 'en';
  status: 'confirmed' | 'waitlisted' | 'cancelled';
  checkInCode: string;
  createdAt: string;
  /** Holds a place (confirmed or waitlisted) at an occurrence that has not ended. */
  upcoming: boolean;
  consent: { status: string; guardianEmail: string; requestedAt: string; answeredAt: string | null; textVersion: string } | null;
  attendance: { occurrenceId: number; status: string; markedAt: string }[];
  certificates: { code: string; name: string; hours: number; issuedAt: string }[];
  emails: { kind: string; status: string; createdAt: string; sentAt: string | null }[];
}

const PERSON = `(r.email = $1::text OR EXISTS (SELECT 1 FROM consents g WHERE g.registration_id = r.id AND g.guardian_email = $1::text))
  AND r.anonymised_at IS NULL AND ($2::bigint IS NULL OR a.organizer_unit_id = $2::bigint)`;

export async function selectPersonRegistrations(db: Queryable, email: string, unitId: number | null, now: string): Promise<PersonRegistration[]> {
  const { rows } = await db.query<PersonRegistration>(
    `SELECT r.id::int AS id, r.activity_id::int AS "activityId", a.organizer_unit_id::int AS "organizerUnitId", a.title_zh AS "titleZh", a.title_en AS "titleEn",
            to_json(a.starts_at) #>> '{}' AS "startsAt", to_json(a.ends_at) #>> '{}' AS "endsAt", a.time_zone AS "timeZone",
            CASE WHEN r.email = $1::text THEN 'participant' ELSE 'guardian' END AS relation,
            r.name, r.email, r.role, r.grade, r.class_name AS class, r.language, r.status, r.check_in_code AS "checkInCode",
            to_json(r.created_at) #>> '{}' AS "createdAt",
            (r.status <> 'cancelled' AND EXISTS (SELECT 1 FROM occurrences o WHERE o.activity_id = a.id AND o.ends_at >= $3::timestamptz
                 AND (r.occurrence_id IS NULL OR o.id = r.occurrence_id))) AS upcoming,
            (SELECT json_build_object('status', c.status, 'guardianEmail', c.guardian_email, 'requestedAt', c.requested_at, 'answeredAt', c.answered_at, 'textVersion', c.text_version)
               FROM consents c WHERE c.registration_id = r.id) AS consent,
            coalesce((SELECT json_agg(json_build_object('occurrenceId', t.occurrence_id, 'status', t.status, 'markedAt', t.marked_at) ORDER BY t.occurrence_id)
               FROM attendance t WHERE t.registration_id = r.id), '[]') AS attendance,
            coalesce((SELECT json_agg(json_build_object('code', c.code, 'name', c.name, 'hours', c.hours, 'issuedAt', c.issued_at) ORDER BY c.id)
               FROM certificates c WHERE c.registration_id = r.id AND c.superseded_at IS NULL), '[]') AS certificates,
            coalesce((SELECT json_agg(json_build_object('kind', d.kind, 'status', d.status, 'createdAt', d.created_at, 'sentAt', d.sent_at) ORDER BY d.id)
               FROM deliveries d WHERE d.registration_id = r.id), '[]') AS emails
       FROM registrations r JOIN activities a ON a.id = r.activity_id
      WHERE ${PERSON}
      ORDER BY a.starts_at, r.id`,
    [email, unitId, now],
  );
  return rows.map((r) => ({ ...r, certificates: r.certificates.map((c) => ({ ...c, hours: Number(c.hours) })) }));
}

/** The person's registrations (of one unit's activities, when given), locked for erasure in id order. */
export async function lockPersonRegistrations(db: Queryable, email: string, unitId: number | null): Promise<{ id: number; activityId: number; email: string }[]> {
  const { rows } = await db.query<{ id: number; activityId: number; email: string }>(
    `SELECT r.id::int AS id, r.activity_id::int AS "activityId", r.email FROM registrations r JOIN activities a ON a.id = r.activity_id
      WHERE ${PERSON} ORDER BY r.id FOR UPDATE OF r`,
    [email, unitId],
  );
  return rows;
}

/** The person's own calendar feed (participants' feeds are owned by their address), if any. */
export async function selectPersonFeeds(db: Queryable, email: string): Promise<{ name: string; createdAt: string }[]> {
  const { rows } = await db.query<{ name: string; createdAt: string }>(
    `SELECT name, to_json(created_at) #>> '{}' AS "createdAt" FROM feeds WHERE type = 'participant' AND owner_email = $1::text AND revoked_at IS NULL ORDER BY id`,
    [email],
  );
  return rows;
}
