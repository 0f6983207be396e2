import { withTransaction, type Pool, type Queryable } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { periodicJob } from '../shared/periodic.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { deleteAuditBefore, scrubAuditOf } from '../audit/erasure.queries.ts';
import { anonymiseRegistrations, lockDueForAnonymising, selectStillRegistered } from '../registrations/erasure.queries.ts';
import { anonymiseConsents } from '../consent/erasure.queries.ts';
import { anonymiseDeliveries, scrubSentToAnonymised } from '../notifications/erasure.queries.ts';
import { deleteParticipantFeeds } from '../feeds/erasure.queries.ts';
import { deleteExpiredCertificates } from '../certificates/erasure.queries.ts';

export interface PersonalDataSettings {
  /** Days after an activity's last occurrence ended that its registrations' personal data is kept. */
  registrationDays: number;
  /** Days a certificate (with the name verification shows) is kept after it was issued. */
  certificateDays: number;
  /** Days the audit log is kept (AUDIT_RETENTION_DAYS); kept for ever when not given. */
  auditDays?: number;
}

export interface Anonymised {
  registrations: number;
  feeds: number;
  certificates: number;
}

const BATCH = 200;
/** Audit rows are small and touch no one's locks: larger batches, still short transactions. */
const AUDIT_BATCH = 5000;

/**
 * Anonymises, in batches of one transaction each, every registration whose activity ended more than
 * `registrationDays` ago: the registration, its consent, its emails (queued ones cancelled), the
 * audit snapshots that name it, and the person's personal feed once nothing of theirs is left —
 * all of one person in the same transaction, so a crash never leaves half a person, and the next
 * run goes on from the first person not yet done (anonymised_at). Counts reports use stay.
 */
export async function anonymiseDue(pool: Pool, clock: Clock, settings: PersonalDataSettings, resume?: ResumeErasures): Promise<Anonymised> {
  const now = clock.now();
  const nowIso = now.toUTC().toISO()!;
  const cutoff = now.minus({ days: settings.registrationDays }).toUTC().toISO()!;
  const done: Anonymised = { registrations: 0, feeds: 0, certificates: 0 };
  // Erasures a crash interrupted (src/privacy/rights.service.ts) go first: a family asked for them.
  if (resume) done.registrations += await resume();
  for (;;) {
    const batch = await withTransaction(pool, async (db) => {
      const due = await lockDueForAnonymising(db, cutoff, BATCH);
      if (due.length === 0) return due;
      done.feeds += await anonymisePeople(db, due, nowIso);
      await insertAudit(db, { label: 'retention' }, { action: 'anonymise', entity: 'registration', entityId: null, after: { registrations: due.length, cutoff } });
      return due;
    });
    done.registrations += batch.length;
    if (batch.length < BATCH) break;
  }
  // The last emails to people already anonymised (an erasure's confirmation) lose the address once sent.
  await withTransaction(pool, (db) => scrubSentToAnonymised(db, nowIso));
  const certificateCutoff = now.minus({ days: settings.certificateDays }).toUTC().toISO()!;
  for (let n = BATCH; n === BATCH; ) {
    n = await withTransaction(pool, (db) => deleteExpiredCertificates(db, certificateCutoff, BATCH));
    done.certificates += n;
  }
  if (settings.auditDays !== undefined) {
    const auditCutoff = now.minus({ days: settings.auditDays }).toUTC().toISO()!;
    for (let n = AUDIT_BATCH; n === AUDIT_BATCH; ) n = await withTransaction(pool, (db) => deleteAuditBefore(db, auditCutoff, AUDIT_BATCH));
  }
  return done;
}

/** Resumes pending erasure requests; returns the registrations it anonymised. */
export type ResumeErasures = () => Promise<number>;

/**
 * Anonymises these people's registrations in the caller's transaction (the retention job's batch,
 * or one family's erasure): the registration, its consent, its emails (queued ones cancelled), the
 * audit snapshots that name it, and the person's personal feed once nothing of theirs is left.
 * Returns the feeds deleted. The caller holds the registrations' row locks.
 */
export async function anonymisePeople(db: Queryable, due: { id: number; email: string }[], nowIso: string): Promise<number> {
  if (due.length === 0) return 0;
  const ids = due.map((r) => r.id);
  await anonymiseConsents(db, ids, nowIso);
  await anonymiseDeliveries(db, ids, nowIso);
  await scrubAuditOf(db, ids);
  await anonymiseRegistrations(db, ids, nowIso);
  const emails = [...new Set(due.map((r) => r.email))];
  const kept = new Set(await selectStillRegistered(db, emails));
  return deleteParticipantFeeds(db, emails.filter((e) => !kept.has(e)));
}

/** Hourly, once across all processes (src/jobs/), like the retention sweep. */
export const personalDataJob = (pool: Pool, clock: Clock, settings: PersonalDataSettings, log: Logger, everyMs = 3_600_000, resume?: ResumeErasures) => periodicJob({
  name: 'personal-data-retention',
  everyMs,
  run: () => anonymiseDue(pool, clock, settings, resume),
  done: (n: Anonymised) => {
    if (n.registrations + n.certificates > 0) log.info({ module: 'privacy', ...n }, 'personal data past its retention anonymised');
  },
});
