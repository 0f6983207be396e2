import type { Queryable } from '../db/pool.ts';

/** The overdue emails' rows in the outbox (`deliveries`): written by the sweep, read by ./overdue.emails.ts at send time. */

/**
 * A prepared message (rendered by its cause, e.g. an overdue loan's reminder): no registration or
 * activity; inserted once per dedupe key. Returns whether a row was added.
 */
export interface PreparedDelivery {
  dedupeKey: string;
  kind: 'loan_overdue';
  loanId: number;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  /** The Content-Language header it goes out with (kept in the row's payload). */
  contentLanguage: string;
  availableAt: string;
}

export async function insertPreparedDelivery(db: Queryable, d: PreparedDelivery): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, loan_id, recipient, subject, body_text, body_html, available_at, payload)
     VALUES ($1::text, $2::text, $3::bigint, $4::text, $5::text, $6::text, $7::text, $8::timestamptz, jsonb_build_object('contentLanguage', $9::text))
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [d.dedupeKey, d.kind, d.loanId, d.recipient, d.subject, d.text, d.html, d.availableAt, d.contentLanguage],
  );
  return rowCount === 1;
}

/** Of these deliveries, those whose loan was returned (closed) since the email was queued. */
export async function selectReturnedLoanDeliveries(db: Queryable, ids: number[]): Promise<Set<number>> {
  const { rows } = await db.query<{ id: number }>(
    `SELECT d.id FROM deliveries d JOIN loans l ON l.id = d.loan_id WHERE d.id = ANY ($1::bigint[]) AND l.closed_at IS NOT NULL`,
    [ids],
  );
  return new Set(rows.map((r) => Number(r.id)));
}
