import { api } from '../api.ts';
import { allHeadCounts, allMarks, putHeadCounts, putMarks, type QueuedHeadCount, type QueuedMark, type RosterData } from './store.ts';

/** Marks per request: 200 stay far under the server's body limit and its one-second goal. */
const BATCH = 200;

export interface SyncReport {
  sessionRevoked: boolean;
  conflicts: QueuedMark[];
  refused: QueuedMark[];
}

/**
 * Sends what is queued (marks and head counts without an outcome) in batches, authorized by the
 * roster's signature alone — no cookie, so a phone whose session ended while offline still gets the
 * server's answer (its marks refused and kept for review) instead of a sign-in page. Each answer is
 * stored with its mark; a failed request leaves the queue as it was, to be sent again.
 */
export async function syncQueued(roster: RosterData): Promise<SyncReport> {
  const report: SyncReport = { sessionRevoked: false, conflicts: [], refused: [] };
  const pending = (await allMarks()).filter((m) => m.outcome === null);
  let counts = (await allHeadCounts()).filter((h) => h.outcome === null);
  for (let i = 0; i < pending.length || counts.length > 0; i += BATCH) {
    const marks = pending.slice(i, i + BATCH);
    const headCounts = counts;
    counts = [];
    const { data, error } = await api.POST('/api/v1/rosters/sync', {
      body: {
        signature: roster.signature,
        marks: marks.map(({ markId, occurrenceId, registrationId, step, method, deviceTime, device }) => ({ markId, occurrenceId, registrationId, step, method, deviceTime, device })),
        headCounts: headCounts.map(({ headCountId, occurrenceId, step, counted, missing, deviceTime, device }) => ({ headCountId, occurrenceId, step, counted, missing, deviceTime, device })),
      },
      credentials: 'omit',
    });
    if (error !== undefined || !data) throw new Error('sync_failed');
    report.sessionRevoked ||= data.sessionRevoked;
    const byId = new Map(data.marks.map((r) => [r.markId, r]));
    const done = marks.map((m): QueuedMark => {
      const r = byId.get(m.markId);
      return r ? { ...m, outcome: r.outcome, code: r.code, won: r.won } : m;
    });
    await putMarks(done);
    report.conflicts.push(...done.filter((m) => m.outcome === 'conflict'));
    report.refused.push(...done.filter((m) => m.outcome === 'refused'));
    const hById = new Map(data.headCounts.map((r) => [r.headCountId, r]));
    await putHeadCounts(headCounts.map((h): QueuedHeadCount => ({ ...h, outcome: hById.get(h.headCountId)?.outcome ?? h.outcome })));
  }
  return report;
}
