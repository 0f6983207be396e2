import type { Queryable } from '../db/pool.ts';
import { CONSENT_TEXT_VERSION } from './consent.record.ts';

export type ConsentStatus = 'pending' | 'given' | 'declined' | 'withdrawn';

/** A guardian's consent as stored; instants are UTC ISO strings. */
export interface ConsentRow {
  registrationId: number;
  guardianEmail: string;
  status: ConsentStatus;
  requestedAt: string;
  answeredAt: string | null;
  /** Fingerprint of the signed link that answered. */
  answeredLink: string | null;
  /** The consent text's version it was asked, then answered, under (./consent.record.ts). */
  textVersion: string;
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;
const COLUMNS = `c.registration_id AS "registrationId", c.guardian_email AS "guardianEmail", c.status,
  ${iso('c.requested_at')} AS "requestedAt", ${iso('c.answered_at')} AS "answeredAt", c.answered_link AS "answeredLink",
  c.text_version AS "textVersion"`;

/**
 * Asks again when a cancelled registration is taken up again (a new round): the earlier answer
 * was about an earlier registration.
 */
export async function upsertConsentRequest(db: Queryable, registrationId: number, guardianEmail: string, now: string): Promise<void> {
  await db.query(
    `INSERT INTO consents (registration_id, guardian_email, status, requested_at, updated_at, text_version)
     VALUES ($1::bigint, $2::text, 'pending', $3::timestamptz, $3::timestamptz, $4::text)
     ON CONFLICT (registration_id) DO UPDATE
        SET guardian_email = EXCLUDED.guardian_email, status = 'pending', requested_at = EXCLUDED.requested_at,
            answered_at = NULL, answered_link = NULL, updated_at = EXCLUDED.updated_at, text_version = EXCLUDED.text_version`,
    [registrationId, guardianEmail, now, CONSENT_TEXT_VERSION],
  );
}

export async function selectConsent(db: Queryable, registrationId: number, forUpdate = false): Promise<ConsentRow | undefined> {
  const { rows } = await db.query<ConsentRow>(
    `SELECT ${COLUMNS} FROM consents c WHERE c.registration_id = $1::bigint ${forUpdate ? 'FOR UPDATE' : ''}`,
    [registrationId],
  );
  return rows[0];
}

export async function answerConsent(db: Queryable, registrationId: number, status: ConsentStatus, link: string, now: string): Promise<void> {
  await db.query(
    `UPDATE consents SET status = $2::text, answered_at = $4::timestamptz, answered_link = $3::text, text_version = $5::text, updated_at = $4::timestamptz
      WHERE registration_id = $1::bigint`,
    [registrationId, status, link, now, CONSENT_TEXT_VERSION],
  );
}

export interface ActivityConsentRow extends ConsentRow {
  name: string;
  class: string | null;
  registrationStatus: string;
  occurrenceId: number | null;
}

/** Consents asked for an activity's registrations that are not cancelled, those lacking an answer first. */
export async function selectActivityConsents(db: Queryable, activityId: number, status: ConsentStatus | undefined): Promise<ActivityConsentRow[]> {
  const { rows } = await db.query<ActivityConsentRow>(
    `SELECT ${COLUMNS}, r.name, r.class_name AS "class", r.status AS "registrationStatus", r.occurrence_id AS "occurrenceId"
       FROM consents c JOIN registrations r ON r.id = c.registration_id
      WHERE r.activity_id = $1::bigint AND r.status <> 'cancelled' AND ($2::text IS NULL OR c.status = $2::text)
      ORDER BY (c.status = 'given'), r.id LIMIT 5000`,
    [activityId, status ?? null],
  );
  return rows;
}

/**
 * Consent of the registrations that attend one occurrence: those holding it (per-occurrence
 * activities) or all of the activity's (series). Registrations that need no consent are absent.
 */
export async function selectOccurrenceConsents(db: Queryable, occurrenceId: number): Promise<{ registrationId: number; status: ConsentStatus }[]> {
  const { rows } = await db.query<{ registrationId: number; status: ConsentStatus }>(
    `SELECT c.registration_id AS "registrationId", c.status
       FROM occurrences o
       JOIN registrations r ON r.activity_id = o.activity_id AND (r.occurrence_id IS NULL OR r.occurrence_id = o.id)
       JOIN consents c ON c.registration_id = r.id
      WHERE o.id = $1::bigint AND r.status <> 'cancelled'
      ORDER BY c.registration_id`,
    [occurrenceId],
  );
  return rows;
}

/** The consent status of each of these registrations that was asked for one (the consent emails' reader, ./consent.emails.ts). */
export async function selectConsentStatuses(db: Queryable, registrationIds: number[]): Promise<Map<number, ConsentStatus>> {
  const { rows } = await db.query<{ registrationId: number; status: ConsentStatus }>(
    `SELECT registration_id AS "registrationId", status FROM consents WHERE registration_id = ANY ($1::bigint[])`,
    [registrationIds],
  );
  return new Map(rows.map((r) => [r.registrationId, r.status]));
}

/** When the registration's (first) attendance begins: consent may be withdrawn until then. */
export async function selectAttendanceStart(db: Queryable, registrationId: number): Promise<string> {
  const { rows } = await db.query<{ startsAt: string }>(
    `SELECT ${iso('COALESCE(o.starts_at, a.starts_at)')} AS "startsAt"
       FROM registrations r JOIN activities a ON a.id = r.activity_id LEFT JOIN occurrences o ON o.id = r.occurrence_id
      WHERE r.id = $1::bigint`,
    [registrationId],
  );
  return rows[0]!.startsAt;
}

/** What the guardian's page shows: the pupil, the activity and the period they attend. */
export interface ConsentView extends ConsentRow {
  participantName: string;
  registrationStatus: string;
  activityId: number;
  titleZh: string;
  titleEn: string;
  organizerZh: string;
  organizerEn: string;
  /** The organizing unit's named person responsible for the data (units.privacy_contact). */
  privacyContact: string | null;
  venueZh: string | null;
  venueEn: string | null;
  /** Where the venue is, in both languages (either may be empty). */
  place: { 'zh-CN': string; en: string };
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: boolean;
  transport: string;
  contact: string;
  contactPhone: string;
  destination: string;
  meetingPoint: string;
  meetingAt: string | null;
  /** The pupil's language: the page's language when the guardian's browser names neither. */
  language: 'zh-CN' | 'en';
}

export async function selectConsentView(db: Queryable, registrationId: number): Promise<ConsentView | undefined> {
  const { rows } = await db.query<ConsentView>(
    `SELECT ${COLUMNS}, r.name AS "participantName", r.status AS "registrationStatus", a.id AS "activityId",
            a.title_zh AS "titleZh", a.title_en AS "titleEn", u.name_zh AS "organizerZh", u.name_en AS "organizerEn", u.privacy_contact AS "privacyContact",
            v.name_zh AS "venueZh", v.name_en AS "venueEn", json_build_object('zh-CN', coalesce(v.location_zh, ''), 'en', coalesce(v.location_en, '')) AS place,
            ${iso('COALESCE(o.starts_at, a.starts_at)')} AS "startsAt", ${iso('COALESCE(o.ends_at, a.ends_at)')} AS "endsAt",
            a.time_zone AS "timeZone", a.all_day AS "allDay", a.transport, a.contact,
            a.contact_phone AS "contactPhone", a.destination, a.meeting_point AS "meetingPoint", ${iso('a.meeting_at')} AS "meetingAt", r.language
       FROM consents c JOIN registrations r ON r.id = c.registration_id JOIN activities a ON a.id = r.activity_id
       JOIN units u ON u.id = a.organizer_unit_id
       LEFT JOIN occurrences o ON o.id = r.occurrence_id LEFT JOIN activity_venues av ON av.activity_id = a.id LEFT JOIN resources v ON v.id = av.venue_id
      WHERE c.registration_id = $1::bigint`,
    [registrationId],
  );
  return rows[0];
}
