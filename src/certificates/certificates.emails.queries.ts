import type { Queryable } from '../db/pool.ts';
import type { CertificateMessageKind } from './certificate.template.ts';

/** A leased certificate notice with what its message needs, read at send time (./certificates.emails.ts). */
export interface CertificateNotice {
  id: number;
  kind: CertificateMessageKind;
  dedupeKey: string;
  recipient: string;
  registrationId: number;
  name: string;
  titleZh: string;
  titleEn: string;
  /** The certificate the payload's code names (null if there is none). */
  certificate: { code: string; hours: number; current: boolean } | null;
}

export async function selectCertificateNotices(db: Queryable, ids: number[]): Promise<CertificateNotice[]> {
  const { rows } = await db.query<CertificateNotice>(
    `SELECT d.id, d.kind, d.dedupe_key AS "dedupeKey", d.recipient, r.id AS "registrationId", r.name,
            a.title_zh AS "titleZh", a.title_en AS "titleEn",
            CASE WHEN cert.id IS NOT NULL THEN json_build_object('code', cert.code, 'hours', cert.hours::float8, 'current', cert.superseded_at IS NULL) END AS certificate
       FROM deliveries d
       JOIN registrations r ON r.id = d.registration_id
       JOIN activities a ON a.id = d.activity_id
       LEFT JOIN certificates cert ON cert.code = d.payload->>'code'
      WHERE d.id = ANY ($1::bigint[])
      ORDER BY d.available_at, d.id`,
    [ids],
  );
  return rows;
}
