import { withTransaction, type Pool } from '../db/pool.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { periodicJob } from '../shared/periodic.ts';
import { insertAudit } from '../audit/audit.queries.ts';
import { scrubAuditOf } from '../audit/erasure.queries.ts';
import { anonymiseRegistrations, lockDueForAnonymising, selectStillRegistered } from '../registrations/erasure.queries.ts';
import { anonymiseConsents } from '../consent/erasure.queries.ts';
import { anonymiseDeliveries } from '../notifications/erasure.queries.ts';
import { deleteParticipantFeeds } from '../feeds/erasure.queries.ts';
import { deleteExpiredCertificates } from '../certificates/erasure.queries.ts';

export interface PersonalDataSettings {
  /** Days after an activity's last occurrence ended that its registrations' personal data is kept. */
  registrationDays: number;
  /** Days a certificate (with the name verification shows) is kept after it was issued. */
  certificateDays: number;
}

export interface Anonymised {
  registrations: number;
  feeds: number;
  certificates: number;
}

const BATCH = 200;

/**
 * Anonymises, in batches of one transaction each, every registration whose activity ended more than
 * `registrationDays` ago: the registration, its consent, its emails (queued ones cancelled), the
 * audit snapshots that name it, and the person's personal feed once nothing of theirs is left —
 * all of one person in the same transaction, so a crash never leaves half a person, and the next
 * run goes on from the first person not yet done (anonymised_at). Counts reports use stay.
 */
export async function anonymiseDue(pool: Pool, clock: Clock, settings: PersonalDataSettings): Promise<Anonymised> {
  const now = clock.now();
  const nowIso = now.toUTC().toISO()!;
  const cutoff = now.minus({ days: settings.registrationDays }).toUTC().toISO()!;
  const done: Anonymised = { registrations: 0, feeds: 0, certificates: 0 };
  for (;;) {
    const batch = await withTransaction(pool, async (db) => {
      const due = await lockDueForAnonymising(db, cutoff, BATCH);
      if (due.length === 0) return due;
      const ids = due.map((r) => r.id);
      await anonymiseConsents(db, ids, nowIso);
      await anonymiseDeliveries(db, ids, nowIso);
      await scrubAuditOf(db, ids);
      await anonymiseRegistrations(db, ids, nowIso);
      const emails = [...new Set(due.map((r) => r.email))];
      const kept = new Set(await selectStillRegistered(db, emails));
      done.feeds += await deleteParticipantFeeds(db, emails.filter((e) => !kept.has(e)));
      await insertAudit(db, { label: 'retention' }, { action: 'anonymise', entity: 'registration', entityId: null, after: { registrations: ids.length, cutoff } });
      return due;
    });
    done.registrations += batch.length;
    if (batch.length < BATCH) break;
  }
  const certificateCutoff = now.minus({ days: settings.certificateDays }).toUTC().toISO()!;
  for (let n = BATCH; n === BATCH; ) {
    n = await withTransaction(pool, (db) => deleteExpiredCertificates(db, certificateCutoff, BATCH));
    done.certificates += n;
  }
  return done;
}

/** Hourly, once across all processes (src/jobs/), like the retention sweep. */
export const personalDataJob = (pool: Pool, clock: Clock, settings: PersonalDataSettings, log: Logger, everyMs = 3_600_000) => periodicJob({
  name: 'personal-data-retention',
  everyMs,
  run: () => anonymiseDue(pool, clock, settings),
  done: (n: Anonymised) => {
    if (n.registrations + n.certificates > 0) log.info({ module: 'privacy', ...n }, 'personal data past its retention anonymised');
  },
});
