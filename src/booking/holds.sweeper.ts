import type { Logger } from '../shared/logger.ts';
import { periodicJob } from '../shared/periodic.ts';
import type { ApprovalsService } from './approvals.service.ts';

/**
 * Releases lapsed holds once a minute, once across all processes (src/jobs/). A minute's lateness
 * is harmless (the hold only frees resources sooner or later by that much); the sweep itself is
 * testable with an injected clock, and running it twice releases nothing twice.
 */
export const holdSweepJob = (approvals: ApprovalsService, log: Logger, everyMs = 60_000) => periodicJob({
  name: 'hold-sweep',
  everyMs,
  run: () => approvals.expireHolds(),
  done: (released) => {
    if (released.length > 0) log.info({ module: 'holds', released }, 'lapsed holds released');
  },
});
