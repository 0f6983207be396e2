import type { Logger } from '../shared/logger.ts';
import { periodicJob, type PeriodicJob } from '../shared/periodic.ts';
import type { ReadinessService } from './readiness.service.ts';

/**
 * The readiness sweep as a periodic job (src/background.ts): every 30 s, so a change that breaks a
 * visit marked ready (a consent withdrawn, an adult cancelling) is emailed within a minute, and the
 * day-before email goes in the round after the visit comes within 24 hours. Idempotent: dedupe keys.
 */
export function readinessJob(readiness: ReadinessService, log: Logger, everyMs = 30_000): PeriodicJob {
  return periodicJob({
    name: 'readiness',
    everyMs,
    run: () => readiness.sweep(),
    done: (r) => {
      if (r.missing.length + r.broken.length > 0) log.info({ module: 'readiness', ...r }, 'readiness emails queued');
    },
  });
}
