import type { Queryable } from '../db/pool.ts';
import type { Language } from '../shared/types.ts';
import type { MessageKind } from './messages.template.ts';

/** Everything needed to render leased deliveries, read at send time (so emails show the current state). */
export interface DeliveryDetails {
  id: number;
  /** The participants' kinds; consent/ reads its own kinds with this query too (staff and prepared emails are read elsewhere). */
  kind: MessageKind;
  dedupeKey: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL' | null;
  recipient: string;
  rule: string | null;
  registrationId: number;
  name: string;
  language: Language;
  registrationStatus: 'confirmed' | 'waitlisted' | 'cancelled';
  remindersEnabled: boolean;
  waitlistPosition: number | null;
  activityId: number;
  activityStatus: string;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  timeZone: string;
  allDay: boolean;
  /** The occurrence's period for reminders, else the activity's. */
  startsAt: string;
  endsAt: string;
  occurrenceStatus: string | null;
  organizerZh: string;
  organizerEn: string;
  venueZh: string | null;
  venueEn: string | null;
  /** Where the venue is, in both languages (either may be empty). */
  place: { 'zh-CN': string; en: string };
  /** A later reminder for the same occurrence and participant is also due: this one adds nothing. */
  superseded: boolean;
  /** The first scheduled occurrence not over yet (a per-session registration: its own, while ahead): the one the emailed check-in code is for. */
  nextOccurrenceId: number | null;
  /** The registration's short check-in code (migration 0031), read out when the QR code cannot be scanned. */
  checkInCode: string;
  /** The registration holds one occurrence (per-occurrence activity): its invitation is that occurrence alone. */
  heldOccurrence: boolean;
  transport: string;
  contact: string;
  contactPhone: string;
  destination: string;
  meetingPoint: string;
  meetingAt: string | null;
  /** registrant_message: { subject, body } as the organizer wrote them. */
  payload: { subject?: string; body?: string; code?: string } & Partial<Carried>;
}

/**
 * A split's notice (registrations/split.ts) also carries the original part's invitation for the
 * same person: their registration there, that activity, the SEQUENCE and the method (the series'
 * REQUEST with its new UNTIL, or a CANCEL of the entry a moved per-session place leaves behind).
 */
export interface Carried {
  carriesRegistration: string;
  carriesActivity: string;
  carriesSequence: string;
  carriesMethod: 'REQUEST' | 'CANCEL';
}

const iso = (column: string) => `to_json(${column})#>>'{}'`;

export async function selectDeliveryDetails(db: Queryable, ids: number[], now: string): Promise<DeliveryDetails[]> {
  const { rows } = await db.query<DeliveryDetails>(
    `SELECT d.id, d.kind, d.dedupe_key AS "dedupeKey", d.payload, d.sequence, d.itip_method AS method, d.recipient, d.rule,
            r.id AS "registrationId", r.check_in_code AS "checkInCode", r.name, r.language, r.status AS "registrationStatus", r.reminders_enabled AS "remindersEnabled",
            CASE WHEN d.kind = 'waitlisted' AND r.status = 'waitlisted' THEN (
              SELECT count(*)::int FROM registrations w WHERE w.activity_id = r.activity_id AND w.status = 'waitlisted'
                 AND (w.waitlisted_at, w.id) <= (r.waitlisted_at, r.id)) END AS "waitlistPosition",
            a.id AS "activityId", a.status AS "activityStatus", a.title_zh AS "titleZh", a.title_en AS "titleEn",
            a.description_zh AS "descriptionZh", a.description_en AS "descriptionEn", a.time_zone AS "timeZone",
            a.all_day AS "allDay",
            ${iso('COALESCE(o.starts_at, ro.starts_at, a.starts_at)')} AS "startsAt", ${iso('COALESCE(o.ends_at, ro.ends_at, a.ends_at)')} AS "endsAt",
            ro.id IS NOT NULL AS "heldOccurrence", a.transport, a.contact, a.contact_phone AS "contactPhone",
            a.destination, a.meeting_point AS "meetingPoint", ${iso('a.meeting_at')} AS "meetingAt",
            o.status AS "occurrenceStatus",
            u.name_zh AS "organizerZh", u.name_en AS "organizerEn", v.name_zh AS "venueZh", v.name_en AS "venueEn",
            json_build_object('zh-CN', coalesce(v.location_zh, ''), 'en', coalesce(v.location_en, '')) AS place,
            CASE WHEN ro.id IS NOT NULL THEN (CASE WHEN ro.status = 'scheduled' AND ro.ends_at > $2::timestamptz THEN ro.id END)
                 ELSE (SELECT n.id FROM occurrences n WHERE n.activity_id = a.id AND n.status = 'scheduled' AND n.ends_at > $2::timestamptz
                        ORDER BY n.starts_at LIMIT 1) END AS "nextOccurrenceId",
            (d.kind = 'reminder' AND EXISTS (
              SELECT 1 FROM deliveries l
               WHERE l.kind = 'reminder' AND l.occurrence_id = d.occurrence_id AND l.registration_id = d.registration_id
                 AND l.available_at > d.available_at AND l.available_at <= $2::timestamptz
                 AND l.status IN ('pending', 'sending', 'sent'))) AS superseded
       FROM deliveries d
       JOIN registrations r ON r.id = d.registration_id
       JOIN activities a ON a.id = d.activity_id
       JOIN units u ON u.id = a.organizer_unit_id
       LEFT JOIN occurrences o ON o.id = d.occurrence_id
       LEFT JOIN occurrences ro ON ro.id = r.occurrence_id
       LEFT JOIN activity_venues av ON av.activity_id = a.id LEFT JOIN resources v ON v.id = av.venue_id
      WHERE d.id = ANY ($1::bigint[])
      ORDER BY d.available_at, d.id`,
    [ids, now],
  );
  return rows;
}
